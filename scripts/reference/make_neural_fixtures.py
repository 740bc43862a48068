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
"""Writes the neural-prediction fixtures under src/test/resources/reference/neural/ with the REAL facemap==1.0.8.

Pins (reference section 6):
  gabor.npy              KeypointsNetwork(n_in=30, n_out=128).core.features.wavelet0.weight (the Gabor init)
  network.pt             a small seeded KeypointsNetwork (n_in=6, n_out=5), filters jittered; x/mask/y/latents on it
  train_*                train_model (3 epochs, CPU) from network.pt on a small data set: its weights and figures
  permutation_*.npy      np.random.seed(e); np.random.permutation(n) (train_model's segment order)
  split_<n>_*            split_traintest / split_batches / split_data for several lengths and timestamps
  linear_*               ridge_regression, reduced_rank_regression, rrr_prediction on a small matrix, and the exact
                         (full eigen-decomposition) RRR that the Java default mode computes
  varexp_*               compute_varexp, train_model's pooled varexp and rrr_prediction's uncentred varexp
  pcs_*                  get_neural_pcs on a small matrix (signs of components are arbitrary)
Also: --check-java loads from-java/keypoints_network.pt (written by WriteNeuralJavaFixtures) into facemap's own
KeypointsNetwork with load_state_dict(strict=True), runs it on from-java/x.npy, compares with Java's output and
writes from-java/python_check.json.

Usage:  ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_neural_fixtures.py
        ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_neural_fixtures.py --check-java
"""
import argparse
import json
import os
import platform
import sys
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "src" / "test" / "resources" / "reference" / "neural"

NET_IN, NET_OUT, NET_SEED = 6, 5, 7
SPLIT_CASES = {  # n_t -> (neural rate Hz, camera rate Hz, stored timestamps?)
    100: (10.0, 25.0, True),  # too short for Facemap: its test segments are empty
    400: (10.0, 25.0, True),
    1000: (5.0, 30.0, True),
    10000: (20.0, 50.0, False),
    30001: (3.0, 50.0, False),
}


def _torch():
    import torch

    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    return torch


def versions():
    import scipy
    import sklearn
    import torch

    return {"python": platform.python_version(), "facemap": pkg_version("facemap"), "torch": torch.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
            "platform": platform.platform(), "torch_threads": torch.get_num_threads()}


class Manifest:
    def __init__(self, folder):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.data = {"topic": "neural", "generated_by": "scripts/reference/make_neural_fixtures.py",
                     "versions": versions(), "params": {}, "values": {}, "files": {}}

    def npy(self, name, arr, meaning, made_by, dtype=None):
        arr = np.ascontiguousarray(np.asarray(arr) if dtype is None else np.asarray(arr).astype(dtype))
        np.save(self.folder / name, arr, allow_pickle=False)
        self.data["files"][name] = {"shape": list(arr.shape), "dtype": str(arr.dtype), "meaning": meaning,
                                    "made_by": made_by}
        return arr

    def write(self):
        with open(self.folder / "manifest.json", "w") as f:
            json.dump(self.data, f, indent=2)
            f.write("\n")


def formula_times(n, rate, offset, wobble):
    """Timestamps Java recomputes exactly: i / rate + offset + wobble * sin(0.7 i)."""
    i = np.arange(n, dtype=np.float64)
    return i / rate + offset + wobble * np.sin(0.7 * i)


def small_net(torch):
    from facemap.neural_prediction.neural_model import KeypointsNetwork

    torch.manual_seed(NET_SEED)
    net = KeypointsNetwork(n_in=NET_IN, n_out=NET_OUT)
    with torch.no_grad():  # jitter the filters so that loading them (not the init) is what is checked
        w = net.core.features.wavelet0.weight
        w.add_(0.01 * torch.randn(w.shape))
    return net


def make_network(m, torch):
    from facemap.neural_prediction.neural_model import KeypointsNetwork

    torch.manual_seed(0)
    big = KeypointsNetwork(n_in=30, n_out=128)
    m.npy("gabor.npy", big.core.features.wavelet0.weight.detach().numpy()[:, 0, :],
          "initial Conv1d filters (10 x 201): 5 frequencies at phase 0 then pi/2, each phase block of 5 normalised "
          "jointly", "KeypointsNetwork(n_in=30, n_out=128).core.features.wavelet0.weight[:, 0, :]")
    m.data["values"]["parameter_count_30_128"] = int(sum(p.numel() for p in big.parameters()))
    m.data["values"]["parameter_count_28_128"] = int(sum(p.numel() for p in KeypointsNetwork(n_in=28, n_out=128).parameters()))
    m.data["values"]["state_dict_keys"] = list(big.state_dict().keys())

    net = small_net(torch)
    torch.save(net.state_dict(), str(OUT / "network.pt"))
    m.data["files"]["network.pt"] = {"meaning": f"KeypointsNetwork(n_in={NET_IN}, n_out={NET_OUT}) after "
                                     f"torch.manual_seed({NET_SEED}), filters + 0.01 randn", "made_by": "torch.save(state_dict)"}
    rng = np.random.default_rng(11)
    T = 160
    x = m.npy("x.npy", rng.standard_normal((1, T, NET_IN)).astype("float32"), "network input (1, T, n_in)", "random")
    mask = np.zeros(T, bool)
    mask[np.sort(rng.choice(T, 60, replace=False))] = True
    m.npy("mask.npy", mask, "sample mask over the T frames (60 True)", "random")
    with torch.no_grad():
        net.eval()
        y, lat = net(torch.from_numpy(x), torch.from_numpy(mask))
    m.npy("y.npy", y.numpy(), "net(x, mask)[0]: (1, 60, n_out)", "KeypointsNetwork.forward")
    m.npy("latents.npy", lat.numpy(), "net(x, mask)[1]: (1, 60, 256) latents at the masked frames", "KeypointsNetwork.forward")
    with torch.no_grad():
        _, lat_all = net(torch.from_numpy(x))
    m.npy("latents_all.npy", lat_all.numpy()[0], "latents of all T frames (T, 256)", "KeypointsNetwork.forward")
    sm = (torch.diff(net.core.features[1].weight) ** 2).sum().item()
    m.data["values"]["smoothness_network_pt"] = sm


def make_training(m, torch):
    """train_model for 3 epochs on CPU from network.pt's weights."""
    rng = np.random.default_rng(5)
    n_t, ratio = 200, 3
    n_cam = n_t * ratio
    tcam = np.arange(n_cam) / 30.0
    tneural = np.arange(n_t) / 10.0 + 0.01
    X = rng.standard_normal((n_cam, NET_IN)).astype("float32")
    # neural targets: smoothed, lagged, rectified behaviour, sampled at neural times
    k = np.exp(-np.arange(30) / 6.0)
    Z = np.stack([np.convolve(X[:, j], k)[:n_cam] for j in range(NET_IN)], 1)
    Wt = rng.standard_normal((NET_IN, NET_OUT))
    Yc = np.maximum(Z @ Wt, 0)
    Y = (Yc[np.arange(n_t) * ratio] + 0.1 * rng.standard_normal((n_t, NET_OUT))).astype("float32")
    m.npy("train_X.npy", X, "behaviour (n_cam, n_in)", "random")
    m.npy("train_Y.npy", Y, "targets (n_t, n_out)", "random, nonlinear lagged function of X")
    m.npy("train_tcam.npy", tcam, "camera times", "arange(600)/30")
    m.npy("train_tneural.npy", tneural, "neural times", "arange(200)/10 + 0.01")
    net = small_net(torch)
    np.random.seed(0)
    y_pred, ve, spks_pred, ve_neurons, itest = net.train_model(X, Y, tcam, tneural, n_iter=3, device=torch.device("cpu"))
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    np.savez  # (not used: keep .npy only)
    for k, v in sd.items():
        m.npy("train_after_" + k + ".npy", v, f"{k} after train_model(n_iter=3) from network.pt", "KeypointsNetwork.train_model")
    m.npy("train_y_pred_test.npy", np.asarray(y_pred), "test predictions at the last epoch (test samples, n_out)", "train_model")
    m.npy("train_itest.npy", np.asarray(itest), "test indices into the original data (itest - delay)", "train_model")
    m.npy("train_varexp_neurons.npy", np.asarray(ve_neurons), "per-output varexp at the last epoch", "train_model")
    m.data["values"]["train_varexp"] = float(ve)
    for e, n in [(0, 10), (1, 10), (2, 10), (199, 10), (7, 37), (123456, 1000)]:
        np.random.seed(e)
        m.npy(f"permutation_{e}_{n}.npy", np.random.permutation(n), f"np.random.seed({e}); np.random.permutation({n})",
              "numpy legacy RandomState", dtype="int32")


def make_splits(m, torch):
    from facemap import utils

    for n_t, (fn, fc, stored) in SPLIT_CASES.items():
        n_cam = int(round(n_t * fc / fn))
        if stored:
            rng = np.random.default_rng(n_t)
            tneural = np.cumsum(rng.uniform(0.8, 1.2, n_t)) / fn
            tcam = np.cumsum(rng.uniform(0.9, 1.1, n_cam)) / fc + 0.013
            m.npy(f"split_{n_t}_tneural.npy", tneural, "neural timestamps", "random increments")
            m.npy(f"split_{n_t}_tcam.npy", tcam, "camera timestamps", "random increments")
        else:
            tneural = formula_times(n_t, fn, 0.05, 0.002)
            tcam = formula_times(n_cam, fc, 0.0, 0.001)
        itrain, itest = utils.split_traintest(n_t)
        p = f"split_{n_t}_"
        if itest.shape[1] <= 0:  # Facemap's split has no test samples (split_batches then raises IndexError)
            m.data["params"][p + "case"] = {"n_t": n_t, "facemap_fails": True, "itest_shape": list(itest.shape),
                                             "itrain_shape": list(itrain.shape)}
            continue
        it, ie, itrain_cam, itest_cam, itrain_sample, itest_sample = utils.split_batches(tcam, tneural)
        assert (it == itrain).all() and (ie == itest).all()
        X = np.zeros((n_cam, 1), "float32")
        Y = np.arange(n_t, dtype="float32")[:, None]
        d = utils.split_data(X, Y, tcam, tneural, device=torch.device("cpu"))
        Ytr, itest_after = d[2].numpy(), d[9]
        m.data["params"][p + "case"] = {"n_t": n_t, "n_cam": n_cam, "neural_rate": fn, "camera_rate": fc,
                                         "stored_times": stored,
                                         "formula": None if stored else "t_i = i / rate + offset + wobble * sin(0.7 i); "
                                         "neural offset 0.05 wobble 0.002, camera offset 0 wobble 0.001"}
        assert (itrain == itrain[:, :1] + np.arange(itrain.shape[1])).all() and (itest == itest[:, :1] + np.arange(itest.shape[1])).all()
        m.data["params"][p + "case"]["itrain_shape"] = list(itrain.shape)
        m.data["params"][p + "case"]["itest_shape"] = list(itest.shape)
        m.npy(p + "itrain.npy", itrain[:, 0], "split_traintest: first sample of each training segment (runs of "
              "itrain_shape[1])", "utils.split_traintest", "int32")
        m.npy(p + "itest.npy", itest[:, 0], "split_traintest: first sample of each test segment (runs of itest_shape[1])",
              "utils.split_traintest", "int32")
        m.npy(p + "cam_train_start.npy", itrain_cam[:, 0], "first camera frame of each training window", "utils.split_batches", "int32")
        m.npy(p + "cam_test_start.npy", itest_cam[:, 0], "first camera frame of each test window", "utils.split_batches", "int32")
        m.npy(p + "cam_train_last.npy", itrain_cam[:, -1], "last camera frame of each training window (clipped)", "utils.split_batches", "int32")
        m.npy(p + "cam_test_last.npy", itest_cam[:, -1], "last camera frame of each test window (clipped)", "utils.split_batches", "int32")
        m.data["params"][p + "case"]["l_cam_train"] = int(itrain_cam.shape[1])
        m.data["params"][p + "case"]["l_cam_test"] = int(itest_cam.shape[1])
        m.npy(p + "train_sample.npy", itrain_sample, "positions in the flattened training windows of the frames sampled "
              "(nonzero of the sample mask)", "utils.split_batches", "int32")
        m.npy(p + "test_sample.npy", itest_sample, "positions in the flattened test windows of the frames sampled",
              "utils.split_batches", "int32")
        m.npy(p + "ytrain_first.npy", Ytr[:, 0, 0], "split_data with Y = arange: first target of each training "
              "segment (delay -1 gives itrain + 1, the last row repeated)", "utils.split_data", "int32")
        m.npy(p + "itest_original.npy", itest_after, "split_data's returned itest (itest - delay)", "utils.split_data", "int32")


def make_linear(m, torch):
    from facemap import utils
    from facemap.neural_prediction import prediction_utils as pu

    rng = np.random.default_rng(21)
    n, f, o = 300, 8, 6
    # column scales 2^-j: CXX's eigenvalues fall by about 4 from one to the next, so that torch.svd_lowrank (which
    # Facemap uses, seeded by torch's RNG) finds the top directions to ~1e-3 and a deterministic reimplementation
    # can be compared with it
    Q, _ = np.linalg.qr(rng.standard_normal((f, f)))
    X = ((rng.standard_normal((n, f)) * 2.0 ** -np.arange(f)) @ Q).astype("float32")
    W = rng.standard_normal((f, 3)) @ rng.standard_normal((3, o))
    Y = (X @ W + 0.2 * rng.standard_normal((n, o))).astype("float32")
    X -= X.mean(0)
    Y -= Y.mean(0)
    m.npy("linear_X.npy", X, "inputs (300, 8), centred, eigenvalues of X'X falling by ~4", "random")
    m.npy("linear_Y.npy", Y, "targets (300, 6), centred, rank-3 signal + noise", "random")
    lam = 0.05
    m.data["params"]["linear_lambda"] = lam
    A = pu.ridge_regression(X, Y, lam=lam)
    m.npy("linear_ridge_A.npy", A, "ridge_regression(X, Y, lam): (8, 6)", "prediction_utils.ridge_regression")
    torch.manual_seed(0)
    A2, B2 = pu.reduced_rank_regression(torch.from_numpy(X), torch.from_numpy(Y), rank=4, lam=lam, device=torch.device("cpu"))
    m.npy("linear_rrr4_pred.npy", (torch.from_numpy(X) @ B2 @ A2.T).numpy(), "X B A' of reduced_rank_regression rank 4",
          "prediction_utils.reduced_rank_regression (torch.svd_lowrank, seed 0)")
    itrain, itest = utils.split_traintest(n)
    torch.manual_seed(0)
    Yp, ve, it, A3, B3, vef, corrf = pu.rrr_prediction(X, Y, rank=5, lam=lam, itrain=itrain, itest=itest, device=torch.device("cpu"))
    m.npy("linear_rrr_pred_test.npy", Yp, "rrr_prediction: test predictions at rank 5 (its maximum, min(6, 300, 8) - 1)", "prediction_utils.rrr_prediction")
    m.npy("linear_rrr_varexp.npy", ve, "rrr_prediction: uncentred test varexp for rank 1..5", "prediction_utils.rrr_prediction")
    m.npy("linear_rrr_varexpf.npy", vef, "rrr_prediction: per-feature varexp (5, 6)", "prediction_utils.rrr_prediction")
    m.data["values"]["linear_rrr_best_rank_facemap"] = int(np.argmax(ve))  # GUI uses B[:, :argmax]
    # the exact RRR (full eigen-decomposition of CXX, no second lambda) that Java's default mode computes
    Xt, Yt = X[itrain.flatten()].astype(np.float64), Y[itrain.flatten()].astype(np.float64)
    CXX = (Xt.T @ Xt + lam * np.eye(f)) / len(Xt)
    CYX = Yt.T @ Xt / len(Xt)
    s, u = np.linalg.eigh(CXX)
    CXXMH = (u * s ** -0.5) @ u.T
    M = CYX @ CXXMH
    _, _, vt = np.linalg.svd(M)
    c = vt.T
    preds = []
    for r in range(1, 7):  # ranks 1..6 = min(targets, features): no "- 1" here
        Br = CXXMH @ c[:, :r]
        Ar = M @ c[:, :r]
        preds.append(X[itest.flatten()] @ Br @ Ar.T)
    m.npy("linear_rrr_exact_pred_test.npy", np.stack(preds), "exact RRR test predictions for rank 1..6 (6, n_test, 6)",
          "numpy eigh + svd (the formula of reference 6.6 without truncation or the second lambda)")
    # variance explained definitions
    yt, yp = Y[itest.flatten()], Yp
    m.npy("varexp_compute.npy", utils.compute_varexp(yt, yp), "compute_varexp(Y_test, rrr prediction) per column",
          "utils.compute_varexp")
    tl = ((yp - yt) ** 2).mean()
    m.data["values"]["varexp_pooled_centred"] = float(1 - tl / ((yt - yt.mean(0)) ** 2).mean())
    m.data["values"]["varexp_pooled_uncentred"] = float(1 - ((yt - yp) ** 2).mean(0).mean() / (yt ** 2).mean(0).mean())


def make_pcs(m, torch):
    from facemap.neural_prediction import prediction_utils as pu

    rng = np.random.default_rng(31)
    N, T = 40, 200
    base = rng.standard_normal((5, T))
    data = (rng.standard_normal((N, 5)) @ base + 0.3 * rng.standard_normal((N, T)) + 2.0).astype("float32")
    data[3] *= 5
    m.npy("pcs_data.npy", data, "neural data (40 neurons, 200 samples)", "random, 5 shared factors")
    pcs, Vt = pu.get_neural_pcs(data.copy(), n_comps=N - 1)
    m.npy("pcs_targets.npy", pcs, "get_neural_pcs(data, 39)[0]: components' * S, (T, 39)", "prediction_utils.get_neural_pcs")
    m.npy("pcs_vt.npy", Vt, "get_neural_pcs(data, 39)[1]: transform(data), (N, 39)", "prediction_utils.get_neural_pcs")
    m.npy("pcs_display.npy", pu.get_pca_inverse_transform(pcs, Vt), "the GUI's display reconstruction (Y Vt')' (N, T): "
          "U S^2 V'", "prediction_utils.get_pca_inverse_transform")


def check_java():
    torch = _torch()
    from facemap.neural_prediction.neural_model import KeypointsNetwork

    folder = OUT / "from-java"
    man = json.loads((folder / "manifest.json").read_text())
    res = {"checked_by": "scripts/reference/make_neural_fixtures.py --check-java", "versions": versions()}
    try:
        sd = torch.load(str(folder / "keypoints_network.pt"), weights_only=True)
        net = KeypointsNetwork(n_in=man["n_in"], n_out=man["n_out"])
        missing = net.load_state_dict(sd, strict=True)
        res["load_state_dict"] = "ok (strict=True)" if not missing.missing_keys and not missing.unexpected_keys else str(missing)
        x = np.load(folder / "x.npy")
        y_java = np.load(folder / "y.npy")
        with torch.no_grad():
            net.eval()
            y, _ = net(torch.from_numpy(x)[None])
        err = float(np.abs(y.numpy()[0] - y_java).max())
        res["max_abs_difference_of_outputs"] = err
        res["parameter_count"] = int(sum(p.numel() for p in net.parameters()))
        res["ok"] = bool(err < 1e-4)
    except Exception as e:  # record the failure, do not hide it
        res["ok"] = False
        res["error"] = repr(e)
    with open(folder / "python_check.json", "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    print(json.dumps(res, indent=2))
    return 0 if res["ok"] else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check-java", action="store_true")
    a = ap.parse_args()
    if a.check_java:
        return check_java()
    torch = _torch()
    m = Manifest(OUT)
    make_network(m, torch)
    make_training(m, torch)
    make_splits(m, torch)
    make_linear(m, torch)
    make_pcs(m, torch)
    m.write()
    print("wrote", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
