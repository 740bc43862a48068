#@ File (label = "Video file", style = "open") video
#@ Integer (label = "Every n-th frame", value = 10, min = 1) step
#@ LogService log
#@output ij.measure.ResultsTable table

# #%L
# Facemap for Fiji.
# %%
# Copyright (C) 2026 Facemap for Fiji developers.
# %%
# This program is free software: you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation, either version 3 of the License, or
# (at your option) any later version.
# #L%

# Template: walk through a video with the Facemap core reader (frames as 8-bit gray bytes, exact frame
# indices) and put the mean brightness of every n-th frame into a results table.

from ij.measure import ResultsTable
from ij.process import ByteProcessor
from jarray import zeros
from sc.fiji.facemap.video import VideoSources

table = ResultsTable()
source = VideoSources.openOne(video.toPath())
try:
	frame = zeros(source.width() * source.height(), 'b')
	for i in range(0, source.frameCount(), step):
		source.read(i, frame)
		mean = ByteProcessor(source.width(), source.height(), frame).getStatistics().mean
		table.addRow()
		table.addValue("frame", i)
		table.addValue("time (s)", i / source.fps() if source.fps() > 0 else float('nan'))
		table.addValue("mean", mean)
finally:
	source.close()
