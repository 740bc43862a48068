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
"""Python Facemap's classic pipeline on a video, for scripts/bench/svd: facemap.process.run([[video]], sbin,
motSVD=True, movSVD=False) (full-frame motion SVD, 500 components, as its GUI's default), timed end to end (decode,
mean, SVD, projection, save). Prints one JSON line with frames/s and the peak RSS.
Usage: bench_svd.py VIDEO OUTDIR [SBIN]"""
import json
import os
import resource
import sys
import time

import cv2
import numpy as np


def main():
    video, out = sys.argv[1], sys.argv[2]
    sbin = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.makedirs(out, exist_ok=True)
    from facemap import process

    n = int(cv2.VideoCapture(video).get(cv2.CAP_PROP_FRAME_COUNT))
    t0 = time.time()
    saved = process.run([[video]], sbin=sbin, motSVD=True, movSVD=False, savepath=out)
    s = time.time() - t0
    proc = np.load(saved, allow_pickle=True).item()
    print(json.dumps({"mode": "facemap", "frames": n, "seconds": round(s, 2), "frames_per_s": round(n / s, 1),
                      "components": int(proc["motMask"][0].shape[1]),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3),
                      "threads": os.environ.get("OMP_NUM_THREADS", "default")}))


if __name__ == "__main__":
    main()
