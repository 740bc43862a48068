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
"""Python Facemap's neural-prediction speed on CPU: the anchor for scripts/bench/neural.

Reads the arrays NeuralBench (Java) wrote to DIR (X.npy camera frames x features, Y.npy neural samples x targets,
Xn.npy behaviour at neural times, tcam.npy, tneural.npy) and times, best of --reps:
  epoch_seconds: KeypointsNetwork(n_in, n_out).train_model(X, Y, tcam, tneural, n_iter=1) on the CPU (split_data,
                 one epoch of one step per training segment, and the test evaluation of epoch 0)
  rrr_seconds:   prediction_utils.rrr_prediction(Xn, Y, rank=32, lam=1e-6) (fit on the training rows, test figures
                 for every rank)
With --java DIR/java.json it also prints the Java/Python ratios. Torch threads: --threads (default 2).
"""
import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--java", default=None)
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    from facemap.neural_prediction.neural_model import KeypointsNetwork
    from facemap.neural_prediction import prediction_utils as pu

    d = Path(a.dir)
    X, Y, Xn = np.load(d / "X.npy"), np.load(d / "Y.npy"), np.load(d / "Xn.npy")
    tcam, tneural = np.load(d / "tcam.npy"), np.load(d / "tneural.npy")
    cpu = torch.device("cpu")
    epoch = rrr = float("inf")
    for r in range(a.reps):
        torch.manual_seed(r)
        net = KeypointsNetwork(n_in=X.shape[1], n_out=Y.shape[1])
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            net.train_model(X, Y, tcam, tneural, n_iter=1, device=cpu)
        epoch = min(epoch, time.perf_counter() - t0)
        t0 = time.perf_counter()
        pu.rrr_prediction(Xn, Y, rank=32, lam=1e-6, device=cpu)
        rrr = min(rrr, time.perf_counter() - t0)
    res = {"impl": "python", "facemap_torch": torch.__version__, "epoch_seconds": round(epoch, 4),
           "rrr_seconds": round(rrr, 4), "torch_threads": torch.get_num_threads(), "reps": a.reps}
    print(json.dumps(res))
    if a.java:
        j = json.loads(Path(a.java).read_text())
        print(f"data: {j['samples']} neural samples x {j['targets']} targets, {j['frames']} camera frames x {j['features']} features")
        print(f"{'':28s}{'Java s':>10s}{'Python s':>10s}{'Java/Python':>13s}")
        for k, name in [("epoch_seconds", "KeypointsNetwork 1 epoch"), ("rrr_seconds", "RRR fit (rank 32)")]:
            print(f"{name:28s}{j[k]:10.3f}{res[k]:10.3f}{j[k] / res[k]:13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
