#@ File (label = "Video file", style = "open") video
#@ File (label = "ROI file (.json, .roi or RoiSet.zip; optional)", style = "open", required = false) roi_file
#@ String (label = "ROIs as text, ';'-separated (optional)", value = "", required = false) roi_text
#@ Integer (label = "SVD spatial bin", value = 4, min = 1) sbin
#@ Integer (label = "SVD components", value = 500, min = 1) n_components
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

# Facemap's classic processing (motion SVD, motion energy, pupil, blink, running) of one video with the core API
# (no dialog, no window): the same code that "Plugins > Facemap > Process Video (SVD, pupil, blink, running)..." and
# "facemap svd" run. Writes <video>_proc.npy (Facemap's layout, readable by numpy and Facemap's GUI) and prints a
# summary of the traces. ROIs: TYPE:x,y,w,h[,saturation=S] with TYPE pupil, motion, blink or running, e.g.
#   pupil:300,238,112,80,saturation=65; motion:420,250,200,150
# Run it from Fiji's Script Editor (language: Python), or headless:
#   fiji --headless --console --run Process_Video.py 'video="/data/mouse.mp4",roi_text="motion:420,250,200,150",sbin=4'

from sc.fiji.facemap.job import Recording
from sc.fiji.facemap.svd import SvdJob, SvdRois, SvdSettings
from sc.fiji.facemap.ui import ImageJRois
from sc.fiji.facemap.task import Progress

settings = SvdSettings.DEFAULTS.withOptions({"sbin": sbin, "n_components": n_components})

rois = []
if roi_file is not None:
	rois.extend(ImageJRois.read(roi_file.toPath()))
for part in (roi_text or "").split(";"):
	if part.strip():
		rois.append(SvdRois.parse(part.strip()))

recording = Recording.of(video.toPath())
if out_dir is not None:
	recording = recording.withOutputDir(out_dir.toPath())

result = SvdJob().run(recording, rois, settings, Progress.NONE)
print("wrote %s (%d frames, bin size %d)" % (recording.outputs().procNpy(), result.nFrames(), settings.sbin()))

def mean(values):
	finite = [v for v in values if v == v]
	return sum(finite) / len(finite) if finite else float("nan")

for region in result.regions():
	if region.motion() is not None:
		print("%-12s motion energy: mean %.1f" % (region.name(), mean(region.motion())))
	if region.motSvd() is not None:
		print("%-12s motion SVD: %d frames x %d components" % (region.name(), region.motSvd().rows(), region.motSvd().cols()))
for pupil in result.pupils():
	fitted = len([a for a in pupil.area() if a == a])
	print("%-12s pupil area: mean %.1f pixels^2 (fitted in %d of %d frames)" % (pupil.roi().name(), mean(pupil.area()), fitted, len(pupil.area())))
for blink in result.blinks():
	print("%-12s blink: mean %.1f" % (blink.roi().name(), mean(blink.values())))
for running in result.running():
	print("%-12s running: mean dy %.2f, dx %.2f pixels/frame" % (running.roi().name(), mean(running.dy()), mean(running.dx())))
