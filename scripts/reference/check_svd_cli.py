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
"""Loads a _proc.npy written by the Java CLI with numpy (< 2, as Facemap pins) and checks Facemap's keys, types and
shapes; writes the verdict to src/test/resources/reference/svd-cli/python_check.json (SvdDemoVideoTest compares it
with what Java writes now). Python runs only here, never in the tests.

Usage (the issue's command, then the check):
  scripts/facemap svd test-images/sample_video.mp4 --sbin 4 --out /tmp/svd-cli
  ~/.cache/facemap-reference/venv/bin/python scripts/reference/check_svd_cli.py /tmp/svd-cli/sample_video_proc.npy
"""
import hashlib
import json
import sys
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "src" / "test" / "resources" / "reference" / "svd-cli" / "python_check.json"
# process.run's keys (reference 4.2)
KEYS = ["filenames", "save_path", "Ly", "Lx", "sbin", "fullSVD", "save_mat", "Lybin", "Lxbin", "sybin", "sxbin", "LYbin",
        "LXbin", "avgframe", "avgmotion", "avgframe_reshape", "avgmotion_reshape", "motion", "motSVD", "movSVD",
        "motMask", "movMask", "motMask_reshape", "movMask_reshape", "motSv", "movSv", "pupil", "blink", "running",
        "rois", "sy", "sx"]


def describe(v):
    if isinstance(v, np.ndarray):
        return {"type": "ndarray", "dtype": str(v.dtype), "shape": list(v.shape)}
    if isinstance(v, (list, tuple)):
        return {"type": type(v).__name__, "items": [describe(x) for x in v]}
    if isinstance(v, dict):
        return {"type": "dict", "keys": sorted(str(k) for k in v)}
    return {"type": type(v).__name__}


def main():
    npy = Path(sys.argv[1])
    raw = npy.read_bytes()
    d = np.load(npy, allow_pickle=True).item()
    checks = {}
    checks["is_dict"] = isinstance(d, dict)
    missing = [k for k in KEYS if k not in d]
    checks["facemap_keys_present"] = not missing
    ly, lx, sbin = int(d["Ly"][0]), int(d["Lx"][0]), int(d["sbin"])
    nb = (ly // sbin) * (lx // sbin)
    v0, u0 = d["motSVD"][0], d["motMask"][0]
    nframes = d["motion"][0].shape[0]
    checks["frame_size_480x800"] = (ly, lx) == (480, 800)
    checks["sbin_4"] = sbin == 4
    checks["motSVD0_float32_frames_x_components"] = v0.dtype == np.float32 and v0.shape[0] == nframes and v0.ndim == 2
    checks["motMask0_pixels_x_components"] = u0.shape == (nb, v0.shape[1])
    checks["motMask_reshape0_LYbin_LXbin_k"] = d["motMask_reshape"][0].shape == (int(d["LYbin"]), int(d["LXbin"]), v0.shape[1])
    checks["avgframe0_pixels"] = d["avgframe"][0].shape == (nb,)
    checks["avgmotion0_pixels"] = d["avgmotion"][0].shape == (nb,)
    checks["motion0_finite"] = bool(np.all(np.isfinite(d["motion"][0])))
    checks["masks_finite"] = bool(np.all(np.isfinite(u0)))
    verdict = {
        "checked": npy.name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "size_bytes": len(raw),
        "command": "facemap svd test-images/sample_video.mp4 --sbin 4 --out DIR",
        "nframes": int(nframes),
        "components": int(v0.shape[1]),
        "keys": sorted(str(k) for k in d),
        "missing_facemap_keys": missing,
        "structure": {k: describe(d[k]) for k in sorted(d) if k in ("Ly", "Lx", "motSVD", "motMask", "motion", "avgframe", "avgmotion",
                                                                     "motMask_reshape", "movSVD", "pupil", "blink", "running")},
        "checks": checks,
        "passed": all(checks.values()),
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "facemap": pkg_version("facemap")},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(verdict, indent=1) + "\n")
    print("passed" if verdict["passed"] else "FAILED", checks, "->", OUT)
    return 0 if verdict["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
