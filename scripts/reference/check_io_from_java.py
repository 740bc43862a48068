#!/usr/bin/env python3
"""Check the files Java wrote into src/test/resources/reference/from-java/ (see WriteJavaFixtures.java).

Loads state_dict.pt with torch.load (weights_only=True) and, when torch is installed, into a module with
load_state_dict; sample_FacemapPose.h5 with h5py; the metadata pickle with pickle; sample_proc.npy with numpy.
Every value is compared exactly with manifest.json. Without torch, the .pt is still unpickled with Python's own
pickle and a stand-in for torch's rebuild function (this proves the zip and pickle are well formed, not that torch
accepts them; the reference helper's venv has torch). Prints one line per check and exits non-zero on failure.

Usage: python3 check_io_from_java.py [DIR] [--result FILE.json]
"""
import io
import json
import math
import pickle
import sys
import types
import zipfile
from pathlib import Path

import numpy as np

import argparse

ap = argparse.ArgumentParser()
ap.add_argument("dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "src/test/resources/reference/from-java"))
ap.add_argument("--result", help="write the results as JSON here")
opts = ap.parse_args()
root = Path(opts.dir)
result_file = opts.result
manifest = json.loads((root / "manifest.json").read_text())
results = {}
failed = False


def check(name, ok, detail=""):
    global failed
    results[name] = {"ok": bool(ok), "detail": detail}
    print(("OK   " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    failed |= not ok


def same(a, b):
    """Exact equality; JSON holds the shortest decimal of each float32, so compare in the array's own dtype."""
    a = np.asarray(a)
    b = np.asarray([np.nan if v is None else v for v in np.asarray(b, dtype=object).ravel()], dtype=np.float64)
    if a.dtype == np.float32:
        b = b.astype(np.float32)
    a = a.astype(np.float64).ravel()
    b = b.astype(np.float64)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


# ---- state_dict.pt
expected = manifest["state_dict.pt"]["tensors"]
try:
    import torch

    sd = torch.load(root / "state_dict.pt", map_location="cpu", weights_only=True)
    check("torch.load weights_only", list(sd.keys()) == list(expected.keys()), f"torch {torch.__version__}, keys in order")
    for k, e in expected.items():
        t = sd[k]
        check(f"pt {k}", str(t.dtype) == "torch." + e["dtype"] and list(t.shape) == e["shape"] and same(t.numpy(), e["values"]))

    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.Conv = torch.nn.Module()
            self.Conv.conv0 = torch.nn.Module()
            self.Conv.conv0.conv = torch.nn.Module()
            self.Conv.conv0.conv.conv_0 = torch.nn.Sequential(torch.nn.BatchNorm2d(1), torch.nn.Conv2d(1, 2, 3, padding=1, bias=False))
            self.Conv2_1x1 = torch.nn.ModuleList([torch.nn.Conv2d(2, 3, 1)])

    m = Tiny()
    missing = m.load_state_dict(sd, strict=True)
    check("load_state_dict strict", True, str(missing))
except ImportError:
    class Storage:
        def __init__(self, dtype, data):
            self.dtype, self.data = dtype, data

    dtypes = {"FloatStorage": "<f4", "LongStorage": "<i8", "DoubleStorage": "<f8", "IntStorage": "<i4"}

    def rebuild(storage, offset, size, stride, requires_grad, hooks, *rest):
        a = np.frombuffer(storage.data, dtype=storage.dtype)
        item = a.itemsize
        return np.lib.stride_tricks.as_strided(a[offset:], shape=size, strides=[s * item for s in stride]).copy()

    fake_torch = types.ModuleType("torch")
    fake_utils = types.ModuleType("torch._utils")
    fake_utils._rebuild_tensor_v2 = rebuild
    for n in dtypes:
        setattr(fake_torch, n, n)
    sys.modules["torch"], sys.modules["torch._utils"] = fake_torch, fake_utils
    with zipfile.ZipFile(root / "state_dict.pt") as z:
        names = z.namelist()
        prefix = names[0].split("/")[0] + "/"
        check("pt zip entries", names[0].endswith("/data.pkl") and prefix + "version" in names and z.read(prefix + "byteorder") == b"little",
              ", ".join(names))

        class U(pickle.Unpickler):
            def persistent_load(self, pid):
                kind, stype, key, loc, numel = pid
                data = z.read(prefix + "data/" + key)
                return Storage(dtypes[stype], data)

        sd = U(io.BytesIO(z.read(prefix + "data.pkl"))).load()
        del sys.modules["torch"], sys.modules["torch._utils"]
    check("pt unpickled without torch (torch not installed)", type(sd).__name__ == "OrderedDict" and list(sd.keys()) == list(expected.keys()))
    for k, e in expected.items():
        t = sd[k]
        check(f"pt {k}", str(t.dtype) == e["dtype"] and list(t.shape) == e["shape"] and same(t, e["values"]))

# ---- sample_FacemapPose.h5
try:
    import h5py

    h = manifest["sample_FacemapPose.h5"]
    with h5py.File(root / "sample_FacemapPose.h5", "r") as f:
        check("h5 groups", list(f.keys()) == ["Facemap"] and sorted(f["Facemap"].keys()) == sorted(h["bodyparts"]))
        for bp in h["bodyparts"]:
            for ds in ("x", "y", "likelihood"):
                d = f["Facemap"][bp][ds]
                ok = d.dtype == np.float32 and d.shape == (h["frames"],) and same(d[:], h["values"][bp][ds])
                if not ok:
                    check(f"h5 {bp}/{ds}", False, f"{d.dtype} {d.shape} {d[:]}")
        check("h5 all datasets float32 with expected values", True)
except ImportError:
    check("h5 (h5py not installed)", False)

# ---- metadata pickle
meta = pickle.loads((root / "sample_FacemapPose_metadata.pkl").read_bytes())
e = manifest["sample_FacemapPose_metadata.pkl"]["expected"]
check("metadata pickle", isinstance(meta["image_size"], tuple) and list(map(list, meta["image_size"])) == e["image_size"]
      and meta["bbox"] == e["bbox"] and meta["batch_size"] == e["batch_size"] and meta["total_frames"] == e["total_frames"]
      and meta["bodyparts"] == e["bodyparts"] and meta["inference_speed"] == e["inference_speed"] and meta["model"] == e["model"], repr(meta)[:200])

# ---- npy dict
d = np.load(root / "sample_proc.npy", allow_pickle=True).item()
ok = (d["filenames"] == [["/data/cam1.mp4"]] and d["save_path"] is None and d["Ly"] == [480] and d["sbin"] == 4 and d["fullSVD"] is True
      and d["avgframe"][0].dtype == np.float32 and d["avgframe"][0].tolist() == [[0, 1, 2], [3, 4, 5.5]]
      and d["motion"][0].tolist() == [0.5, 1.5, 2.5] and d["Lybin"].dtype == np.int32 and d["Lybin"].tolist() == [120]
      and d["image_size"] == ([480], [640]) and d["speed"] == 12.25)
check(f"npy dict (numpy {np.__version__})", ok, repr(d)[:200])

if result_file:
    try:
        import h5py as _h
        h5v = _h.__version__
    except ImportError:
        h5v = None
    try:
        import torch as _t
        tv = _t.__version__
    except ImportError:
        tv = None
    note = ("torch.load(weights_only=True) and load_state_dict were run" if tv else
            "no torch here: the .pt was unpickled by Python's pickle with a stand-in for torch._utils._rebuild_tensor_v2")
    Path(result_file).write_text(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "h5py": h5v, "torch": tv,
                                             "note": note, "all_ok": not failed, "results": results}, indent=1) + "\n")
sys.exit(1 if failed else 0)
