#@ File[] (label = "Videos", style = "files") videos

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

# Prints frames, frame rate, size, codec and duration of each video with the core API (no image is opened),
# like "facemap info VIDEO..." on the command line, then reads the middle frame of each as an ImageJ image.

from java.awt import GraphicsEnvironment
from ij import ImagePlus
from ij.process import ByteProcessor
from sc.fiji.facemap.video import VideoSources, VideoInfo

for f in videos:
	source = VideoSources.openOne(f.toPath())
	try:
		info = VideoInfo.of(source)
		print(info)
		middle = source.frameCount() // 2
		pixels = source.read(middle)
		image = ImagePlus("%s frame %d" % (f.getName(), middle), ByteProcessor(source.width(), source.height(), pixels))
		if not GraphicsEnvironment.isHeadless():  # fiji --headless has no windows to show it in
			image.show()
	finally:
		source.close()
