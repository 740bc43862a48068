#@ File (label = "Video file", style = "open") video
#@ Boolean (label = "Load all frames into memory", value = false) in_memory
#@ CommandService command
#@output ImagePlus image

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

# Opens a video through the "Plugins > Facemap > Open Video..." command, exactly as the menu and the macro
#   run("Open Video...", "path=[/data/mouse.mp4]");
# do. Frames are read on demand (a virtual stack) unless in_memory is ticked.
# Run it from Fiji's Script Editor (language: Python), or headless:
#   fiji --headless --console --run Open_Video.py 'video="/data/mouse.mp4",in_memory=false'

from sc.fiji.facemap.command import OpenVideoCommand

module = command.run(OpenVideoCommand, True, "path", video, "in_memory", in_memory).get()
image = module.getOutput("image")
print("%s: %d frames of %d x %d, %.3f s per frame" % (image.getTitle(), image.getNFrames(), image.getWidth(),
	image.getHeight(), image.getCalibration().frameInterval))
