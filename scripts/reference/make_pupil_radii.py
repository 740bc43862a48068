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
"""Converts the pupil radii measured by pupillometry-matlab on the demo video (mouse-face-video/
sample_video_radii.mat, variable R: 124 x 2 doubles, column 0 the MATLAB frame number 6, 12, ..., 744, column 1 the
radius in pixels) into src/test/resources/reference/pupil-radii/sample_video_radii.npy (same array, float64) with a
manifest.json, so that the Java pupil test needs no MAT reader. Python runs only here, never in the tests.

Usage:  ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_pupil_radii.py
"""
import hashlib
import json
import os
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np
import scipy.io

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "src" / "test" / "resources" / "reference" / "pupil-radii"
SHARED = Path(os.environ.get("FACEMAP_SHARED", str(REPO.parent / "shared"))).resolve()
MAT = SHARED / "data" / "mouse-face-video" / "sample_video_radii.mat"


def main():
    raw = MAT.read_bytes()
    r = scipy.io.loadmat(str(MAT))["R"].astype("<f8")
    assert r.shape == (124, 2), r.shape
    frames = r[:, 0]
    assert np.all(frames == np.arange(6, 745, 6)), "unexpected frame numbers"
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "sample_video_radii.npy", np.ascontiguousarray(r))
    manifest = {
        "source": "mouse-face-video/sample_video_radii.mat (pupillometry-matlab, EIN-lab; see its SOURCE.md)",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "files": {
            "sample_video_radii.npy": {
                "shape": list(r.shape), "dtype": "float64",
                "meaning": "column 0: MATLAB frame number (1-based: 6, 12, ..., 744) of sample_video.mp4; "
                           "column 1: pupil radius in pixels measured by pupillometry-matlab",
            }
        },
        "radius_range_px": [float(r[:, 1].min()), float(r[:, 1].max())],
        "versions": {"numpy": np.__version__, "scipy": pkg_version("scipy")},
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print("wrote", OUT / "sample_video_radii.npy", r.shape)


if __name__ == "__main__":
    main()
