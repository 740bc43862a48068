"""Check the neural-prediction outputs Java wrote (src/test/resources/reference/from-java-neural/,
written by NeuralJavaFixturesTest with -Dfacemap.writeReference=true) with the real facemap 1.0.8.

- neural_predictions.npy: loaded exactly as facemap/gui/neural_activity_window.py load_neural_predictions_file
  does (np.load(...).item(), the four keys, pg.ImageItem of the predictions with its percentile levels,
  QtCore.QRect(*plot_extent), and highlight_test_data's loop over test_indices), in an offscreen Qt application.
- neural_predictions.h5: h5py, the same arrays as the .npy.
- neural_predictions_encoder.pt: torch.load (weights_only=True) and facemap's
  KeypointsNetwork(n_in, n_out).load_state_dict(strict=True), then a forward pass.
- neural_predictions_latents.npy: frames x 256 float32.
Writes python_check.json beside them.

Run: QT_QPA_PLATFORM=offscreen ~/.cache/facemap-reference/venv/bin/python scripts/reference/check_neural_from_java.py
"""
import json
import os
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import h5py
import numpy as np
import torch

import facemap
from facemap.neural_prediction.neural_model import KeypointsNetwork

DIR = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "reference", "from-java-neural")
checks = {}


def check(name):
    def deco(fn):
        try:
            detail = fn()
            checks[name] = {"ok": True, "detail": detail}
        except Exception as e:  # recorded as a failure
            checks[name] = {"ok": False, "detail": repr(e), "trace": traceback.format_exc()}
        return fn
    return deco


@check("npy_dict_loads_as_facemap_window")
def _():
    from qtpy import QtCore, QtWidgets
    import pyqtgraph as pg
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    dat = np.load(os.path.join(DIR, "neural_predictions.npy"), allow_pickle=True).item()
    assert isinstance(dat, dict), type(dat)
    assert list(dat.keys()) == ["predictions", "test_indices", "variance_explained", "plot_extent"], list(dat.keys())
    pred = dat["predictions"]
    assert pred.ndim == 2 and pred.dtype == np.float32, (pred.shape, pred.dtype)
    vmin, vmax = -np.percentile(pred, 95), np.percentile(pred, 95)
    item = pg.ImageItem(pred, autoDownsample=True, levels=(vmin, vmax))
    rect = QtCore.QRect(*dat["plot_extent"])  # needs ints, as Facemap writes
    item.setRect(rect)
    box = np.zeros(pred.shape)
    for test_idx_list in dat["test_indices"]:
        box[:, test_idx_list[0]:test_idx_list[-1]] = 1
    highlight = pg.ImageItem(box, opacity=0.3)
    highlight.setRect(rect)
    ve = float(np.asarray(dat["variance_explained"]).ravel()[0])
    return {"predictions": list(pred.shape), "test_indices": list(np.shape(dat["test_indices"])),
            "test_fraction_marked": float(box.mean()), "variance_explained": ve,
            "plot_extent": [int(v) for v in dat["plot_extent"]], "rect": [rect.x(), rect.y(), rect.width(), rect.height()]}


@check("h5_matches_npy")
def _():
    dat = np.load(os.path.join(DIR, "neural_predictions.npy"), allow_pickle=True).item()
    with h5py.File(os.path.join(DIR, "neural_predictions.h5"), "r") as f:
        assert np.array_equal(f["predictions"][()], dat["predictions"])
        assert np.array_equal(f["test_indices"][()], dat["test_indices"])
        assert np.array_equal(f["plot_extent"][()], dat["plot_extent"])
        assert np.isclose(f["variance_explained"][()][0], dat["variance_explained"])
        n = f["predictions"].shape[0]
        assert f["varexp_per_neuron"].shape == (n,)
        attrs = {k: (v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item") else v)) for k, v in f.attrs.items()}
    return {"datasets_equal": True, "attrs": {k: (str(v) if isinstance(v, str) else float(v)) for k, v in attrs.items()}}


@check("encoder_pt_loads_into_facemap_KeypointsNetwork")
def _():
    sd = torch.load(os.path.join(DIR, "neural_predictions_encoder.pt"), weights_only=True)
    n_in = sd["core.features.linear0.0.weight"].shape[1]
    n_out = sd["readout.linear.weight"].shape[0] if "readout.linear.weight" in sd else [v for k, v in sd.items() if k.startswith("readout")][0].shape[0]
    net = KeypointsNetwork(n_in=n_in, n_out=n_out)
    res = net.load_state_dict(sd, strict=True)
    n_params = sum(p.numel() for p in net.parameters())
    x = torch.zeros((1, 50, n_in))
    with torch.no_grad():
        y = net(x)[0]
    return {"n_in": int(n_in), "n_out": int(n_out), "parameters": int(n_params), "missing": list(res.missing_keys),
            "unexpected": list(res.unexpected_keys), "forward_shape": list(y.shape)}


@check("latents_npy")
def _():
    lat = np.load(os.path.join(DIR, "neural_predictions_latents.npy"))
    assert lat.ndim == 2 and lat.shape[1] == 256 and lat.dtype == np.float32, (lat.shape, lat.dtype)
    return {"shape": list(lat.shape)}


@check("summary_json_first_key_varexp")
def _():
    with open(os.path.join(DIR, "neural_predictions.json")) as fh:
        j = json.load(fh)
    assert list(j.keys())[0] == "varexp", list(j.keys())[:3]
    return {"varexp": j["varexp"], "models": list(j["models"].keys())}


out = {"made_by": "scripts/reference/check_neural_from_java.py", "facemap": facemap.__version__ if hasattr(facemap, "__version__") else "1.0.8",
       "torch": torch.__version__, "numpy": np.__version__, "h5py": h5py.__version__, "checks": checks}
with open(os.path.join(DIR, "python_check.json"), "w") as fh:
    json.dump(out, fh, indent=1)
for k, v in checks.items():
    print(k, "ok" if v["ok"] else "FAILED " + v["detail"])
