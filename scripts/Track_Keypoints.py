#@ File (label = "Video file", style = "open") video
#@ String (label = "Model (name, folder or .pt)", value = "default") model
#@ Integer (label = "Batch size", value = 8, min = 1) batch_size
#@ File (label = "Output folder (empty = beside the video)", style = "directory", required = false) out_dir

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

# Tracks Facemap's keypoints through a video with the core API (no dialog, no window), the same code that
# "Plugins > Facemap > Track Keypoints..." and "facemap track" run, and prints where each keypoint is on average.
# Run it from Fiji's Script Editor (language: Python), or headless:
#   fiji --headless --console --run Track_Keypoints.py 'video="/data/mouse.mp4",model="default",batch_size=8'

from sc.fiji.facemap.job import Recording
from sc.fiji.facemap.pose import TrackingJob, TrackingSettings
from sc.fiji.facemap.task import Progress

# A recording (the video and where outputs go) and the job's settings (the same keys as the menu command and
# "facemap track"; everything not given keeps its default).
recording = Recording.of(video.toPath())
if out_dir is not None:
	recording = recording.withOutputDir(out_dir.toPath())
settings = TrackingSettings.schema().parse({"model": model, "batch_size": batch_size})

outcome = TrackingJob.INSTANCE.run(recording, settings, Progress.NONE)

kp = outcome.keypoints
print("wrote %s (%d frames, %.1f frames/s)" % (outcome.h5, kp.frames(), outcome.result.framesPerSecond))
for k in range(kp.keypoints()):
	xs = [v for v in kp.trace(k, 0) if v == v]
	ys = [v for v in kp.trace(k, 1) if v == v]
	if xs:
		print("%-14s mean x %7.1f  mean y %7.1f" % (kp.keypointSet().name(k), sum(xs) / len(xs), sum(ys) / len(ys)))
