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
"""`make_fixtures.py --check-java`: loads the files Java wrote into src/test/resources/reference/from-java/ with the
real torch / facemap / h5py / pickle / numpy, compares them with the expected values in from-java/manifest.json and
writes from-java/python_check.json (what was loaded, with what, pass/fail per check, versions).

manifest.json format (written by sc.fiji.facemap.io.WriteJavaFixtures): one entry per file name, e.g.
  "x.pt":  {"tensors": {key: {"dtype", "shape", "values"}}}  and/or  {"same_as": "../pose/fmnet_random.pt"}
  "x.h5":  {"frames": F, "bodyparts": [...], "values": {bodypart: {"x": [...], "y": [...], "likelihood": [...]}}}
  "x.pkl": {"expected": {key: value}}       "x.npy": {"expected": {key: value} or a description}
Floats compare exactly in the file's own dtype (JSON holds the shortest decimal of each float32); null = NaN.
"""
import json
import pickle
from pathlib import Path

import numpy as np


class Checks:
    def __init__(self):
        self.items = []
        self.files = {}

    def check(self, file, name, ok, detail=""):
        self.items.append({"file": file, "check": name, "ok": bool(ok), "detail": str(detail)[:400]})
        print(("OK   " if ok else "FAIL ") + file + ": " + name + (" (" + str(detail)[:200] + ")" if detail else ""))
        return bool(ok)

    def failed(self):
        return [c for c in self.items if not c["ok"]]


def same(a, expected):
    """Exact equality in a's own dtype; expected is a JSON list (nested or flat), None = NaN."""
    a = np.asarray(a)
    b = np.asarray([np.nan if v is None else v for v in np.asarray(expected, dtype=object).ravel()], dtype=np.float64)
    if a.dtype == np.float32:
        b = b.astype(np.float32)
    a64 = a.astype(np.float64).ravel()
    b64 = b.astype(np.float64)
    return a64.shape == b64.shape and bool(np.array_equal(a64, b64, equal_nan=True))


def plain(v):
    """Python/numpy/torch value -> JSON-like value (tuples -> lists, arrays -> nested lists)."""
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return plain(v.tolist())
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        return v.item()
    if hasattr(v, "numpy") and hasattr(v, "dtype"):  # torch tensor
        return plain(v.detach().cpu().numpy())
    return v


def deep_equal(a, b):
    a, b = plain(a), plain(b)
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    return a == b


def generic_module(state):
    """An nn.Module with exactly the parameters/buffers named in a state dict (for partial state dicts)."""
    import torch

    root = torch.nn.Module()
    for key, t in state.items():
        parts = key.split(".")
        m = root
        for p in parts[:-1]:
            if p not in m._modules:
                m.add_module(p, torch.nn.Module())
            m = m._modules[p]
        if parts[-1] in ("weight", "bias") and t.is_floating_point():
            m.register_parameter(parts[-1], torch.nn.Parameter(torch.zeros_like(t)))
        else:
            m.register_buffer(parts[-1], torch.zeros_like(t))
    return root


def check_pt(c, folder, name, spec, make_fmnet, track=None):
    import torch

    f = name
    path = folder / name
    sd = torch.load(path, map_location="cpu", weights_only=True)
    c.check(f, "torch.load(weights_only=True)", isinstance(sd, dict), "%s with %d entries" % (type(sd).__name__, len(sd)))
    # Facemap's own Pose.set_model loads with weights_only=False
    sd2 = torch.load(path, map_location="cpu", weights_only=False)
    c.check(f, "torch.load(weights_only=False) as facemap Pose.set_model does",
            list(sd2.keys()) == list(sd.keys()) and all(torch.equal(sd[k], sd2[k]) for k in sd))
    exp = spec.get("tensors")
    if exp:
        c.check(f, "keys and order as in manifest", list(sd.keys()) == list(exp.keys()), list(sd.keys())[:5])
        for k, e in exp.items():
            t = sd.get(k)
            ok = (t is not None and str(t.dtype) == "torch." + e["dtype"] and list(t.shape) == e["shape"]
                  and same(t.numpy(), e["values"]))
            c.check(f, "tensor %s dtype/shape/values" % k, ok,
                    "" if t is None else "%s %s" % (t.dtype, list(t.shape)))
    # facemap's FMnet where the keys are a complete FMnet state dict, else a module with exactly these names
    fm_info = {}
    try:
        net, ch = make_fmnet(sd)
        fm_keys = list(net.state_dict().keys())
        full = set(fm_keys) == set(sd.keys())
    except KeyError:
        net, ch, full, fm_keys = None, None, False, []
    if full:
        res = net.load_state_dict(sd, strict=True)
        c.check(f, "facemap FMnet(channels=%s).load_state_dict(strict=True)" % ch, True, res)
        fm_info = {"fmnet_channels": ch, "fmnet_outputs": int(sd["Conv2_1x1.conv0.weight"].shape[0])}
    else:
        m = generic_module(sd)
        res = m.load_state_dict(sd, strict=True)
        c.check(f, "not a complete FMnet state dict (%d keys): load_state_dict(strict=True) into a module with exactly "
                   "these names" % len(sd), True, res)
    if "same_as" in spec:
        ref = torch.load(folder / spec["same_as"], map_location="cpu", weights_only=True)
        ok = list(ref.keys()) == list(sd.keys()) and all(
            ref[k].dtype == sd[k].dtype and ref[k].shape == sd[k].shape and torch.equal(ref[k], sd[k]) for k in ref)
        c.check(f, "every tensor identical to %s" % spec["same_as"], ok)
        pose = (folder / spec["same_as"]).parent
        if full and (pose / "input_256.npy").exists() and (pose / "hm.npy").exists():
            net.eval()
            with torch.no_grad():
                hm, locx, locy = net(torch.from_numpy(np.load(pose / "input_256.npy")))
            d = max(float(np.abs(hm.numpy() - np.load(pose / "hm.npy")).max()),
                    float(np.abs(locx.numpy() - np.load(pose / "locx.npy")).max()),
                    float(np.abs(locy.numpy() - np.load(pose / "locy.npy")).max()))
            c.check(f, "FMnet forward on pose/input_256.npy reproduces pose/hm,locx,locy", d == 0.0, "max abs %g" % d)
        if full and track is not None and (pose / "keypoints.npy").exists():
            kp, how = track(folder / name)
            if kp is None:
                c.check(f, "facemap tracker with this model file: skipped", True, how)
            else:
                d = float(np.abs(kp - np.load(pose / "keypoints.npy")).max())
                c.check(f, "facemap's tracker with this file as its model reproduces pose/keypoints.npy", d == 0.0,
                        "%s; max abs %g" % (how, d))
    c.files[name] = dict(loaded_with="torch.load (weights_only True and False), "
                                     + ("facemap FMnet.load_state_dict" if full else "nn.Module.load_state_dict"),
                         n_tensors=len(sd), **fm_info)


def check_h5(c, folder, name, spec):
    import h5py
    from facemap import utils

    f = name
    with h5py.File(folder / name, "r") as h:
        c.check(f, "top level is one group 'Facemap'", list(h.keys()) == ["Facemap"], list(h.keys()))
        g = h["Facemap"]
        bps = spec.get("bodyparts", list(g.keys()))
        c.check(f, "one group per bodypart", sorted(g.keys()) == sorted(bps), list(g.keys()))
        n_bad = 0
        for bp in bps:
            for ds in ("x", "y", "likelihood"):
                d = g[bp][ds]
                ok = d.dtype == np.float32 and d.shape == (spec["frames"],)
                if "values" in spec:
                    ok = ok and same(d[:], spec["values"][bp][ds])
                if not ok:
                    n_bad += 1
                    c.check(f, "%s/%s" % (bp, ds), False, "%s %s %s" % (d.dtype, d.shape, d[:][:8]))
        c.check(f, "all %d datasets float32 (frames,) with the expected values" % (3 * len(bps)), n_bad == 0)
    # Facemap's own reader (facemap.utils.load_keypoints, used by the neural-prediction path)
    data = utils.load_keypoints(bps, str(folder / name))
    ok = data.shape == (3, len(bps), spec["frames"])
    if ok and "values" in spec:
        for k, bp in enumerate(bps):
            for j, ds in enumerate(("x", "y", "likelihood")):
                ok = ok and same(data[j, k], spec["values"][bp][ds])
    c.check(f, "facemap.utils.load_keypoints(bodyparts, file) -> (3, K, frames) with the expected values", ok,
            data.shape)
    c.files[name] = {"loaded_with": "h5py.File and facemap.utils.load_keypoints", "frames": spec.get("frames"),
                     "bodyparts": len(bps)}


def check_pkl(c, folder, name, spec):
    with open(folder / name, "rb") as fh:
        obj = pickle.load(fh)
    exp = dict(spec.get("expected", {}))
    tuple_flags = {k: v for k, v in exp.items() if k.endswith("_is_tuple")}
    for k in tuple_flags:
        exp.pop(k)
    for k, v in exp.items():
        c.check(name, "key %s" % k, k in obj and deep_equal(obj[k], v), repr(obj.get(k))[:120])
    for k, v in tuple_flags.items():
        key = k[: -len("_is_tuple")]
        c.check(name, "%s is a tuple" % key, isinstance(obj.get(key), tuple) == bool(v), type(obj.get(key)).__name__)
    c.files[name] = {"loaded_with": "pickle.load", "type": type(obj).__name__}


def check_npy(c, folder, name, spec):
    arr = np.load(folder / name, allow_pickle=True)
    obj = arr.item() if arr.dtype == object and arr.shape == () else arr
    exp = spec.get("expected")
    if isinstance(exp, dict):
        for k, v in exp.items():
            c.check(name, "key %s" % k, k in obj and deep_equal(obj[k], v), repr(obj.get(k))[:120])
    elif name == "sample_proc.npy":
        # the manifest describes this one in words; these are the same conditions, spelled out
        d = obj
        c.check(name, "dict as described: %s" % exp, isinstance(d, dict) and (
            d["filenames"] == [["/data/cam1.mp4"]] and d["save_path"] is None and d["Ly"] == [480]
            and d["Lx"] == [640] and d["sbin"] == 4 and d["fullSVD"] is True
            and d["avgframe"][0].dtype == np.float32 and d["avgframe"][0].tolist() == [[0, 1, 2], [3, 4, 5.5]]
            and d["motion"][0].dtype == np.float32 and d["motion"][0].tolist() == [0.5, 1.5, 2.5]
            and d["Lybin"].dtype == np.int32 and d["Lybin"].tolist() == [120]
            and d["image_size"] == ([480], [640]) and d["speed"] == 12.25), repr(d)[:200])
    else:
        c.check(name, "np.load(allow_pickle=True)", True, "no machine-readable expectation; loaded %s" % type(obj))
    c.files[name] = {"loaded_with": "numpy.load(allow_pickle=True)" + (".item()" if obj is not arr else ""),
                     "type": type(obj).__name__}


def run_check(folder, versions, make_fmnet, result_name="python_check.json", track=None):
    folder = Path(folder)
    c = Checks()
    manifest = json.loads((folder / "manifest.json").read_text())
    handled = set()
    for name, spec in manifest.items():
        if not isinstance(spec, dict):
            continue
        path = folder / name
        if not c.check(name, "file exists", path.exists()):
            continue
        handled.add(name)
        try:
            if name.endswith(".pt") or name.endswith(".pth"):
                check_pt(c, folder, name, spec, make_fmnet, track)
            elif name.endswith(".h5"):
                check_h5(c, folder, name, spec)
            elif name.endswith(".pkl"):
                check_pkl(c, folder, name, spec)
            elif name.endswith(".npy"):
                check_npy(c, folder, name, spec)
            else:
                c.check(name, "known kind", False, "no checker for this file type")
        except Exception as e:  # a file that does not load is a failed check, not a crash
            c.check(name, "loads", False, "%s: %s" % (type(e).__name__, e))
    for p in sorted(folder.iterdir()):
        if p.name not in handled and p.suffix in (".pt", ".h5", ".pkl", ".npy") and p.name != result_name:
            c.check(p.name, "listed in manifest.json", False, "file present but not described")
    failed = c.failed()
    result = {
        "generated_by": "scripts/reference/make_fixtures.py --check-java",
        "folder": "src/test/resources/reference/" + folder.name,
        "passed": not failed,
        "n_checks": len(c.items),
        "n_failed": len(failed),
        "versions": versions,
        "files": c.files,
        "checks": c.items,
    }
    with open(folder / result_name, "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    print("%s: %d checks, %d failed -> %s" % (folder, len(c.items), len(failed), folder / result_name))
    return not failed
