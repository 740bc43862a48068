#@ String (label = "Videos (files, globs or a .txt list; ';' between)") videos
#@ File (label = "Run folder", style = "directory") run_dir
#@ String (label = "Steps", value = "track") steps
#@ Integer (label = "Chunk frames (0 = whole videos)", value = 0, min = 0) chunk_frames
#@ String (label = "Model", value = "default") model
#@ Integer (label = "Batch size", value = 8, min = 1) batch_size
#@ String (label = "Run on", choices = {"local", "slurm"}) executor
#@ Integer (label = "Local workers (0 = cores / 2)", value = 0, min = 0) workers

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

# Many recordings (and long videos in chunks) with the core API: plan a run folder, run it on this machine or submit
# it to SLURM, and print the status of every task. The same code as "Plugins > Facemap > Batch Process..." and
# "facemap batch plan / run / status". Headless:
#   fiji --headless --console --run Batch_Process.py 'videos="/data/*/cam0.mp4",run_dir="/data/run1",chunk_frames=18000,executor="local"'

from java.util import ArrayList
from sc.fiji.facemap.batch import BatchRun, BatchRunner, BatchSettings, BatchStatus, ExecutorSettings, VideoList
from sc.fiji.facemap.pose import TrackingSettings
from sc.fiji.facemap.svd import SvdSettings
from sc.fiji.facemap.task import Progress
import sys

log = Progress.logTo(lambda line: sys.stdout.write(line + "\n"))

specs = ArrayList()
for part in videos.split(";"):
	if part.strip():
		specs.add(part.strip())

batch = BatchSettings.schema().parse({"steps": steps, "chunk_frames": chunk_frames})
track = TrackingSettings.schema().parse({"model": model, "batch_size": batch_size})
run = BatchRun.plan(VideoList.expand(specs), batch, track, SvdSettings.DEFAULTS, [], run_dir.toPath(), log)
print("planned %d tasks for %d recordings in %s" % (run.tasks().size(), run.recordings().size(), run.dir()))

started = BatchRunner.run(run, ExecutorSettings.schema().parse({"executor": executor, "workers": workers}), log)
if started.jobId() is not None:
	print("submitted SLURM job array %s; follow it with: facemap batch status %s" % (started.jobId(), run.dir()))

rows = BatchStatus.of(run)
for row in rows:
	print("task %d %s %s %s: %s" % (row.index(), row.state(), row.step(), row.video().getFileName(), row.message()))
print(BatchStatus.summary(rows))
