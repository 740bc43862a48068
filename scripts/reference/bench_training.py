#!/usr/bin/env python3
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
"""Python Facemap training speed on CPU: the anchor for the Java training benchmark.

Facemap's own recipe, through its own code: Pose.train (FacemapDataset with flip/contrast augmentation, DataLoader
with shuffle, model_training.train: Adam, lr 1e-4, weight decay 0, gradient clipping 50, its LR schedule), batch size
1 (the GUI default), on the first N labelled frames of mouse-face-labeled, preprocessed like the refinement GUI
(bbox crop, pad, 256x256). FMnet channels 16/32/64/128/200 with random weights (Facemap's base weights are not
available offline; speed does not depend on the values). Times every optimizer step and prints one JSON object.

Usage: ~/.cache/facemap-reference/venv/bin/python scripts/reference/bench_training.py [--frames 10] [--epochs 3]
       [--batch-size 1] [--threads 2]
"""
import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels", default="16,32,64,128,200")
    ap.add_argument("--bbox", default=",".join(str(v) for v in [20, 500, 60, 700]), help="r0,r1,c0,c1")
    a = ap.parse_args()
    os.environ["TORCH_THREADS"] = str(a.threads)

    import make_fixtures as mf
    import numpy as np
    import torch

    torch.set_num_threads(a.threads)
    mf.ensure_standin_models()
    from facemap.pose import model_training
    from facemap.pose import pose as fm_pose

    with open(mf.LABELED / "labels.csv") as f:
        names = [line.split(",")[0] for line in f.read().splitlines()[1:]][: a.frames]
    imgs, kp_full, _ = mf.load_labelled(names)
    bbox = [int(v) for v in a.bbox.split(",")]
    im256, kp256, _, _ = mf.refinement_preprocess(imgs, kp_full, bbox)

    channels = [int(c) for c in a.channels.split(",")]
    net = mf.make_random_fmnet(channels=channels, calibrate=False)
    pose = fm_pose.Pose(filenames=[[str(mf.VIDEO)]], net=net)  # Pose needs a video; only train() is used

    step_times = []
    base = model_training.optim.Adam

    class TimedAdam(base):
        def step(self, *args, **kw):
            r = super().step(*args, **kw)
            step_times.append(time.perf_counter())
            return r

    model_training.optim.Adam = TimedAdam
    try:
        t0 = time.perf_counter()
        pose.train(im256, kp256, a.epochs, a.batch_size, 1e-4, 0.0, [[0, 256, 0, 256]])
        total = time.perf_counter() - t0
    finally:
        model_training.optim.Adam = base
    steps_per_epoch = int(np.ceil(len(names) / a.batch_size))
    t = np.array([t0] + step_times)
    dt = np.diff(t)
    per_epoch = [float(dt[e * steps_per_epoch:(e + 1) * steps_per_epoch].sum()) for e in range(a.epochs)]
    out = {
        "what": "Python Facemap training (Pose.train -> model_training.train) on CPU",
        "frames": len(names),
        "epochs": a.epochs,
        "batch_size": a.batch_size,
        "steps": len(step_times),
        "channels": channels,
        "n_parameters": int(sum(p.numel() for p in net.parameters())),
        "torch_threads": torch.get_num_threads(),
        "total_s": total,
        "seconds_per_step_mean": float(dt.mean()),
        "seconds_per_step_median": float(np.median(dt)),
        "seconds_per_step_after_first_epoch": float(dt[steps_per_epoch:].mean()) if a.epochs > 1 else None,
        "seconds_per_epoch": per_epoch,
        "seconds_36_epochs_estimate": float(np.mean(per_epoch[1:] if a.epochs > 1 else per_epoch) * 36),
        "versions": mf.versions(),
        "notes": "a step = data loading + augmentation + forward + loss + backward + clip + Adam step; "
                 "images preprocessed like the refinement GUI beforehand (not timed)",
    }
    return out


if __name__ == "__main__":
    # facemap prints progress to stdout: send it to stderr so that stdout is the JSON alone
    with contextlib.redirect_stdout(sys.stderr):
        result = main()
    print(json.dumps(result, indent=1))
