"""Small MATLAB fixtures for the neural-input readers (io.MatFiles, neural.NeuralFiles).

Writes src/test/resources/reference/neural-inputs/:
  v5_struct.mat  scipy.io.savemat (MAT v5): spikes uint8 6x3, t 1x4 double, D struct with
                 neuron1, neuron2, speed = 1x3 cells of 4x1 double trials (the layout of neural-v1-park)
  v73.mat        MAT v7.3 as MATLAB writes it: a 512-byte user block with MATLAB's text header, then HDF5;
                 arrays stored transposed (HDF5 dims reversed) with a MATLAB_class attribute; X is a 5x3 double
                 matrix, S a struct (group) with field a (1x4), C a 1x2 cell of references into #refs#
  manifest.json  the values, for the Java tests

Run: ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_neural_input_fixtures.py
"""
import json
import os

import h5py
import numpy as np
import scipy
import scipy.io as sio

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "reference", "neural-inputs")
os.makedirs(OUT, exist_ok=True)

spikes = (np.arange(18).reshape(6, 3) % 7).astype(np.uint8)
t = np.array([[0.0, 0.25, 0.5, 0.75]])
trials = lambda base: np.array([np.arange(4, dtype=float).reshape(4, 1) + base + 10 * k for k in range(3)] + [None], dtype=object)[:-1].reshape(1, 3)
D = {"neuron1": trials(0.0), "neuron2": trials(100.0), "speed": trials(0.5)}
sio.savemat(os.path.join(OUT, "v5_struct.mat"), {"spikes": spikes, "t": t, "D": D})

# MAT v7.3: HDF5 with a 512-byte MATLAB header in the user block
path73 = os.path.join(OUT, "v73.mat")
X = np.arange(15, dtype=float).reshape(5, 3) * 0.5  # MATLAB size 5 x 3
with h5py.File(path73, "w", userblock_size=512) as f:
    d = f.create_dataset("X", data=X.T)  # MATLAB stores column-major: HDF5 dims (3, 5)
    d.attrs["MATLAB_class"] = np.bytes_("double")
    g = f.create_group("S")
    g.attrs["MATLAB_class"] = np.bytes_("struct")
    a = g.create_dataset("a", data=np.array([[1.0, 2.0, 3.0, 4.0]]).T)  # MATLAB 1 x 4
    a.attrs["MATLAB_class"] = np.bytes_("double")
    refs = f.create_group("#refs#")
    r1 = refs.create_dataset("a", data=np.array([[7.0, 8.0, 9.0]]))  # MATLAB 3 x 1
    r1.attrs["MATLAB_class"] = np.bytes_("double")
    r2 = refs.create_dataset("b", data=np.array([[5.0, 6.0]]))
    r2.attrs["MATLAB_class"] = np.bytes_("double")
    c = f.create_dataset("C", (2, 1), dtype=h5py.ref_dtype)  # MATLAB 1 x 2 cell
    c[0, 0] = r1.ref
    c[1, 0] = r2.ref
    c.attrs["MATLAB_class"] = np.bytes_("cell")
header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Wed Dec  2 12:00:00 2026 HDF5 schema 1.00 ."
with open(path73, "r+b") as fh:
    block = header.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM"
    fh.write(block.ljust(512, b"\x00"))

# check with the reference reader where it can (scipy reads v5 only)
back = sio.loadmat(os.path.join(OUT, "v5_struct.mat"))
assert (back["spikes"] == spikes).all()
with h5py.File(path73, "r") as f:
    assert np.allclose(f["X"][()].T, X)
    assert np.allclose(f[f["C"][1, 0]][()].ravel(), [5, 6])

manifest = {
    "made_by": "scripts/reference/make_neural_input_fixtures.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "h5py": h5py.__version__},
    "v5_struct.mat": {"spikes": spikes.tolist(), "t": t.tolist(),
                      "D.neuron1 trial k": "arange(4) + 10 k, k = 0, 1, 2 (4 x 1 each)",
                      "D.neuron2 trial k": "arange(4) + 100 + 10 k", "D.speed trial k": "arange(4) + 0.5 + 10 k"},
    "v73.mat": {"X (MATLAB 5 x 3)": X.tolist(), "S.a (MATLAB 1 x 4)": [1, 2, 3, 4], "C": [[7, 8, 9], [5, 6]]},
}
with open(os.path.join(OUT, "manifest.json"), "w") as fh:
    json.dump(manifest, fh, indent=1)
print("wrote", OUT)
