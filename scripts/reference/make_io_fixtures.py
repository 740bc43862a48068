#!/usr/bin/env python3
"""Regenerate the small Python-written files under src/test/resources/io/ that the io tests read.

Needs only Python 3 with numpy (h5py optional). Run it twice to make every file: once with numpy < 2 (Facemap
1.0.8 pins numpy < 2; its object arrays name numpy.core.multiarray) and once with numpy >= 2 (numpy._core):

    python3 -m venv /tmp/v1 && /tmp/v1/bin/pip install 'numpy==1.26.4' h5py && /tmp/v1/bin/python make_io_fixtures.py
    python3 -m venv /tmp/v2 && /tmp/v2/bin/pip install 'numpy>=2' && /tmp/v2/bin/python make_io_fixtures.py

torch is NOT needed: the torch-format files (torch_like_*.pt) are written by a faithful copy of torch.save's
pickling logic (zip and legacy) with a stand-in `torch` module, to cover views, strides, shared storages and the
legacy format. Files written by real torch come from the reference helper (src/test/resources/reference/).
"""
import collections
import io
import os
import pickle
import struct
import sys
import types
import zipfile
from pathlib import Path

import numpy as np

out = Path(__file__).resolve().parents[2] / "src/test/resources/io"
out.mkdir(parents=True, exist_ok=True)
np1 = np.__version__.startswith("1.")
print("numpy", np.__version__, "->", out)

# ---------------------------------------------------------------- pickles (protocols 0-5)
shared = [1, 2]
obj = collections.OrderedDict()
obj["int"] = 1
obj["neg"] = -5
obj["i16"] = 300
obj["i32"] = -70000
obj["i64"] = 2**40
obj["big"] = 2**70
obj["float"] = 1.5
obj["list"] = [1.5, None, True, False]
obj["tuple"] = (1, "x")
obj["empty_tuple"] = ()
obj["str"] = "h\u00e9llo \u2603"
obj["bytes"] = b"\x00\x01\xff"
obj["nested"] = {"k": [{}], 2: "int key"}
obj["shared1"] = shared
obj["shared2"] = shared
obj["set"] = {3}
for p in range(0, 6):
    (out / f"mixed_protocol{p}.pkl").write_bytes(pickle.dumps(obj, protocol=p))

# the same numpy array twice: the second is a memo reference to the rebuilt array
arr = np.array([1.0, 2.0], dtype=np.float32)
(out / f"shared_array_{'numpy1' if np1 else 'numpy2'}.pkl").write_bytes(pickle.dumps([arr, arr], protocol=2 if np1 else 4))

# ---------------------------------------------------------------- Facemap pose metadata, as pose.py writes it
meta = {
    "batch_size": 1,
    "image_size": ([480], [640]),
    "bbox": [np.int64(10), np.int64(400), 20, 600],   # bboxes are often numpy ints in Facemap
    "total_frames": 749,
    "bodyparts": ["eye(back)", "eye(bottom)", "eye(front)", "eye(top)", "lowerlip", "mouth", "nose(bottom)", "nose(r)",
                  "nose(tip)", "nose(top)", "nosebridge", "paw", "whisker(I)", "whisker(III)", "whisker(II)"],
    "inference_speed": np.float64(87.25),
}
with open(out / f"facemap_{'numpy1' if np1 else 'numpy2'}_FacemapPose_metadata.pkl", "wb") as f:
    pickle.dump(meta, f, pickle.HIGHEST_PROTOCOL)

# ---------------------------------------------------------------- numeric .npy
a = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
np.save(out / "f4_c.npy", a)
np.save(out / "f8_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(3, 2) - 2.5))
np.save(out / "i8.npy", np.array([-(2**40), 0, 7], dtype=np.int64))
np.save(out / "i4_3d.npy", np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 12)
np.save(out / "u1.npy", np.array([0, 128, 255], dtype=np.uint8))
np.save(out / "b1.npy", np.array([True, False, True]))
np.save(out / "f4_bigendian.npy", np.array([1.5, -2.0, np.nan], dtype=">f4"))
np.save(out / "f2.npy", np.array([0.5, -2.0, 65504.0], dtype=np.float16))
np.save(out / "f4_scalar.npy", np.float32(3.25))
np.save(out / "str.npy", np.array(["eye(back)", "whisker(I)"]))
with open(out / "f4_v2.npy", "wb") as f:
    np.lib.format.write_array(f, a, version=(2, 0))
with open(out / "f4_v3.npy", "wb") as f:
    np.lib.format.write_array(f, a, version=(3, 0))

# ---------------------------------------------------------------- pickled dicts, as Facemap's np.save(dict)
rng = np.random.default_rng(0)
kp = rng.random((2, 15, 3)).astype(np.float32) * 100
kp[0, 11, :] = np.nan  # paw not visible
refined = {
    "imgs": [np.linspace(0, 1, 2 * 4 * 5, dtype=np.float32).reshape(2, 4, 5)],
    "keypoints": [kp],
    "bbox": [[0, 480, 0, 640]],
    "bodyparts": meta["bodyparts"],
    "frame_ind": [np.array([3, 17], dtype=np.int64)],
    "video_path": "/data/cam1.mp4",
}
proc = {
    "filenames": [["/data/cam1.mp4"]],
    "save_path": None,
    "Ly": [480], "Lx": [640], "sbin": 4, "fullSVD": True,
    "Lybin": np.array([120], dtype=np.int32),
    "avgframe": [np.arange(4, dtype=np.float32)],
    "motSVD": [np.arange(6, dtype=np.float32).reshape(3, 2)],
    "motSv": np.array([2.0, 1.0], dtype=np.float32),
    "rois": [{"rind": 1, "rtype": "motion SVD", "yrange": np.arange(2, 5, dtype=np.int32), "color": (255.0, 0.0, 0.0),
              "ellipse": np.array([[True, False], [False, True]])}],
    "running": [],
}
tag = "numpy1" if np1 else "numpy2"
np.save(out / f"refined_{tag}_Facemap_refined_data.npy", refined)
np.save(out / f"proc_{tag}_proc.npy", proc)
np.save(out / f"objects_2d_{tag}.npy", np.array([["a", 1], [None, 2.5]], dtype=object))

# ---------------------------------------------------------------- torch-format files without torch
# A stand-in for torch with exactly the names torch.save pickles: torch.FloatStorage/LongStorage (storage types),
# torch._utils._rebuild_tensor_v2, collections.OrderedDict.
torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None):
    raise RuntimeError("not for loading")


_rebuild_tensor_v2.__module__ = "torch._utils"
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2
for name in ("FloatStorage", "LongStorage"):
    cls = type(name, (), {})
    cls.__module__ = "torch"
    setattr(torch, name, cls)
torch._utils = torch_utils


class Storage:
    def __init__(self, key, stype, data):
        self.key, self.stype, self.data = key, stype, np.ascontiguousarray(data)


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __reduce_ex__(self, proto):
        return (_rebuild_tensor_v2, (self.storage, self.offset, tuple(self.size), tuple(self.stride), False, collections.OrderedDict()))


base = Storage("0", torch.FloatStorage, np.arange(12, dtype=np.float32) * 0.5)   # shared by three tensors
count = Storage("1", torch.LongStorage, np.array([42], dtype=np.int64))
sd = collections.OrderedDict()
sd["full"] = Tensor(base, 0, (3, 4), (4, 1))
sd["transposed"] = Tensor(base, 0, (4, 3), (1, 4))         # a non-contiguous view: full.t()
sd["offset_row"] = Tensor(base, 8, (4,), (1,))            # full[2]
sd["bn.num_batches_tracked"] = Tensor(count, 0, (), ())
sd._metadata = collections.OrderedDict([("", {"version": 1}), ("bn", {"version": 2})])


def persistent_id(o):
    if isinstance(o, Storage):
        return ("storage", o.stype, o.key, "cpu", o.data.size)
    return None


class P(pickle.Pickler):
    def persistent_id(self, o):
        return persistent_id(o)


buf = io.BytesIO()
P(buf, protocol=2).dump(sd)
with zipfile.ZipFile(out / "torch_like_views.pt", "w", zipfile.ZIP_STORED) as z:
    for name, data in [("data.pkl", buf.getvalue()), ("byteorder", b"little"), ("data/0", base.data.tobytes()),
                       ("data/1", count.data.tobytes()), ("version", b"3\n")]:
        z.writestr(zipfile.ZipInfo("torch_like_views/" + name, date_time=(1980, 1, 1, 0, 0, 0)), data)

# legacy (pre-1.6) format: magic, protocol, sys info, pickle with 6-field storage ids, keys, then raw storages
with open(out / "torch_like_legacy.pt", "wb") as f:
    pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
    pickle.dump(1001, f, protocol=2)
    pickle.dump({"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)

    class L(pickle.Pickler):
        def persistent_id(self, o):
            if isinstance(o, Storage):
                return ("storage", o.stype, o.key, "cpu", o.data.size, None)
            return None

    L(f, protocol=2).dump(collections.OrderedDict([("w", sd["transposed"]), ("n", sd["bn.num_batches_tracked"])]))
    pickle.dump(["0", "1"], f, protocol=2)
    for s in (base, count):
        f.write(struct.pack("<q", s.data.size))
        f.write(s.data.tobytes())

del sys.modules["torch"], sys.modules["torch._utils"]

# ---------------------------------------------------------------- an h5 as Facemap writes it (h5py)
try:
    import h5py

    with h5py.File(out / "facemap_h5py_FacemapPose.h5", "w") as f:
        for k, bp in enumerate(meta["bodyparts"]):
            for j, ds in enumerate(("x", "y", "likelihood")):
                f.create_dataset(f"Facemap/{bp}/{ds}", data=(np.arange(3, dtype=np.float32) + 10 * k + j / 4))
    print("h5py", h5py.__version__)
except ImportError:
    print("h5py not installed: facemap_h5py_FacemapPose.h5 not regenerated")
print("done")
