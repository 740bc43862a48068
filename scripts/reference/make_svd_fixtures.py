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
"""Parity fixtures for the classic processing (issue 10), written with the REAL facemap==1.0.8.

  svd/clip.avi                 lossless FFV1 gray clip: frames 0..199 of mouse-face-video/sample_video.mp4 decoded
                               by OpenCV (BGR2GRAY), cropped to rows 168:384, columns 256:544 (216 x 288). FFV1 is
                               intra-frame and lossless, so OpenCV (Facemap) and our FFmpeg decoder see the same
                               pixels (clip_gray_md5.txt: md5 per frame).
  svd/facemap_proc.npy         the parts of facemap.process.run's _proc.npy that the Java parity test compares
                               (trimmed: first 10 spatial/temporal components only), a pickled dict as np.save
                               writes it. Run: sbin 4, motSVD and movSVD, fullSVD, one motion ROI, one pupil ROI
                               with one corneal reflector.
  svd/manifest.json            ROIs, parameters, shapes, versions.
--check-java: loads from-java-svd/clip_proc.npy (written by Java's SvdParityTest) with np.load(allow_pickle=True),
checks Facemap's keys, types and shapes, compares with Facemap's own output and writes
from-java-svd/python_check.json.

Usage:  ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_svd_fixtures.py [--check-java]
"""
import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
RES = REPO / "src" / "test" / "resources" / "reference"
OUT = RES / "svd"
FROM_JAVA = RES / "from-java-svd"
SHARED = Path(os.environ.get("FACEMAP_SHARED", str(REPO.parent / "shared"))).resolve()
VIDEO = SHARED / "data" / "mouse-face-video" / "sample_video.mp4"

NFRAMES = 200
CROP = (168, 384, 256, 544)  # rows r0:r1, columns c0:c1
SBIN = 4
# ROIs in clip pixels: x, y, width, height (columns x..x+w-1, rows y..y+h-1)
MOTION_ROI = dict(x=180, y=60, w=100, h=120)
PUPIL_ROI = dict(x=50, y=72, w=80, h=76, saturation=70.0, sigma=2.0)
REFLECTOR = dict(x=35, y=29, w=22, h=18)  # in pupil-ROI coordinates


def ellipse_mask(w, h):
    """Same rule as Java's RoiSpec.ellipseMask: pixel centres inside the inscribed ellipse."""
    r = (np.arange(h)[:, None] + 0.5 - h / 2) / (h / 2)
    c = (np.arange(w)[None, :] + 0.5 - w / 2) / (w / 2)
    return (r ** 2 + c ** 2) <= 1


def versions():
    import cv2
    import scipy
    import sklearn

    return {
        "python": platform.python_version(), "facemap": pkg_version("facemap"), "numpy": np.__version__,
        "opencv": cv2.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
        "platform": platform.platform(),
    }


def make_clip(path):
    import cv2

    cap = cv2.VideoCapture(str(VIDEO))
    frames = []
    for i in range(NFRAMES):
        ok, f = cap.read()
        if not ok:
            raise SystemExit(f"cannot read frame {i} of {VIDEO}")
        g = cv2.cvtColor(f, cv2.COLOR_BGR2GRAY)
        frames.append(np.ascontiguousarray(g[CROP[0]:CROP[1], CROP[2]:CROP[3]]))
    cap.release()
    h, w = frames[0].shape
    tmp = path.with_suffix(".tmp.avi")
    wr = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"FFV1"), 25, (w, h), isColor=False)
    for f in frames:
        wr.write(f)
    wr.release()
    # read back: lossless, also after a seek
    cap = cv2.VideoCapture(str(tmp))
    for i in range(NFRAMES):
        ok, f = cap.read()
        assert ok and np.array_equal(cv2.cvtColor(f, cv2.COLOR_BGR2GRAY), frames[i]), f"frame {i} not lossless"
    cap.set(cv2.CAP_PROP_POS_FRAMES, 137)
    ok, f = cap.read()
    assert np.array_equal(cv2.cvtColor(f, cv2.COLOR_BGR2GRAY), frames[137]), "seek is not exact"
    cap.release()
    os.replace(tmp, path)
    md5 = [hashlib.md5(f.tobytes()).hexdigest() for f in frames]
    (path.parent / "clip_gray_md5.txt").write_text("".join(f"{i} {m}\n" for i, m in enumerate(md5)))
    return frames


def rois_dicts():
    m, p, r = MOTION_ROI, PUPIL_ROI, REFLECTOR
    refl = {"yrange": np.arange(r["y"], r["y"] + r["h"]), "xrange": np.arange(r["x"], r["x"] + r["w"]),
            "ellipse": ellipse_mask(r["w"], r["h"])}
    return [
        {"rind": 1, "rtype": "motion SVD", "iROI": 0, "ivid": 0, "color": (255, 0, 0),
         "yrange": np.arange(m["y"], m["y"] + m["h"]).astype(np.int32),
         "xrange": np.arange(m["x"], m["x"] + m["w"]).astype(np.int32), "saturation": 0, "pupil_sigma": 0,
         "ellipse": np.ones((m["h"], m["w"]), bool)},
        {"rind": 0, "rtype": "Pupil", "iROI": 1, "ivid": 0, "color": (0, 255, 0),
         "yrange": np.arange(p["y"], p["y"] + p["h"]).astype(np.int32),
         "xrange": np.arange(p["x"], p["x"] + p["w"]).astype(np.int32), "saturation": p["saturation"],
         "pupil_sigma": p["sigma"], "ellipse": ellipse_mask(p["w"], p["h"]), "reflector": [refl]},
    ]


def run_facemap(clip, outdir):
    from facemap import process

    proc = {"sbin": SBIN, "fullSVD": True, "save_mat": False, "rois": rois_dicts(), "sy": 0, "sx": 0,
            "savepath": str(outdir)}
    saved = process.run([[str(clip)]], sbin=SBIN, motSVD=True, movSVD=True, proc=proc, savepath=str(outdir))
    return np.load(saved, allow_pickle=True).item()


def trimmed(proc, k=10):
    t = {}
    for key in ["Ly", "Lx", "sbin", "fullSVD", "Lybin", "Lxbin", "sybin", "sxbin", "LYbin", "LXbin", "sy", "sx"]:
        t[key] = proc[key]
    t["avgframe"] = [np.asarray(a, np.float32) for a in proc["avgframe"]]
    t["avgmotion"] = [np.asarray(a, np.float32) for a in proc["avgmotion"]]
    t["motion"] = [np.asarray(a, np.float32) for a in proc["motion"]]
    for key in ["motMask", "movMask", "motSVD", "movSVD"]:
        t[key] = [np.ascontiguousarray(a[:, :k], np.float32) for a in proc[key]]
        t[key + "_shape"] = [list(a.shape) for a in proc[key]]
    t["motSv"] = np.asarray(proc["motSv"], np.float32)
    t["movSv"] = np.asarray(proc["movSv"], np.float32)
    t["pupil"] = [{kk: np.asarray(v) for kk, v in p.items()} for p in proc["pupil"]]
    t["yrange_bin"] = np.asarray(proc["rois"][0]["yrange_bin"])
    t["xrange_bin"] = np.asarray(proc["rois"][0]["xrange_bin"])
    return t


def make(args):
    OUT.mkdir(parents=True, exist_ok=True)
    clip = OUT / "clip.avi"
    make_clip(clip)
    with tempfile.TemporaryDirectory() as td:
        proc = run_facemap(clip, Path(td))
    t = trimmed(proc)
    np.save(OUT / "facemap_proc.npy", t, allow_pickle=True)
    man = {
        "made_by": "scripts/reference/make_svd_fixtures.py: facemap.process.run([[clip.avi]], sbin=4, motSVD=True, "
                   "movSVD=True, proc={fullSVD: True, rois: [motion, pupil]})",
        "clip": {"file": "clip.avi", "source": "mouse-face-video/sample_video.mp4", "frames": NFRAMES,
                 "crop_rows": [CROP[0], CROP[1]], "crop_cols": [CROP[2], CROP[3]], "codec": "FFV1 gray (OpenCV)",
                 "sha256": hashlib.sha256(clip.read_bytes()).hexdigest()},
        "sbin": SBIN, "motion_roi": MOTION_ROI, "pupil_roi": PUPIL_ROI, "reflector": REFLECTOR,
        "ellipse_rule": "((r+0.5-h/2)/(h/2))^2 + ((c+0.5-w/2)/(w/2))^2 <= 1",
        "shapes": {k: t[k + "_shape"] for k in ["motMask", "movMask", "motSVD", "movSVD"]},
        "trimmed": "motMask/movMask/motSVD/movSVD keep their first 10 columns",
        "motSv_nonzero": int(np.count_nonzero(t["motSv"])),
        "pupil_area_range": [float(np.nanmin(t["pupil"][0]["area"])), float(np.nanmax(t["pupil"][0]["area"]))],
        "versions": versions(),
    }
    (OUT / "manifest.json").write_text(json.dumps(man, indent=1) + "\n")
    print(json.dumps({k: man[k] for k in ["shapes", "motSv_nonzero", "pupil_area_range"]}))


def corr_up_to_sign(a, b):
    a = a - a.mean()
    b = b - b.mean()
    return float(abs((a * b).sum()) / np.sqrt((a * a).sum() * (b * b).sum()))


def check_java(args):
    f = FROM_JAVA / "clip_proc.npy"
    verdict = {"file": str(f.relative_to(REPO)), "loaded": False, "checks": {}, "versions": versions()}
    proc = np.load(f, allow_pickle=True).item()
    verdict["loaded"] = True
    verdict["type"] = type(proc).__name__
    must = ["filenames", "save_path", "Ly", "Lx", "sbin", "fullSVD", "save_mat", "Lybin", "Lxbin", "sybin", "sxbin",
            "LYbin", "LXbin", "avgframe", "avgmotion", "avgframe_reshape", "avgmotion_reshape", "motion", "motSv",
            "movSv", "motMask", "movMask", "motMask_reshape", "movMask_reshape", "motSVD", "movSVD", "pupil",
            "running", "blink", "rois", "sy", "sx"]
    c = verdict["checks"]
    c["missing_keys"] = [k for k in must if k not in proc]
    ref = np.load(OUT / "facemap_proc.npy", allow_pickle=True).item()
    c["Ly_Lx_sbin_equal"] = bool(proc["Ly"] == ref["Ly"] and proc["Lx"] == ref["Lx"] and proc["sbin"] == ref["sbin"])
    c["bins_equal"] = bool(all(np.array_equal(np.asarray(proc[k]), np.asarray(ref[k]))
                               for k in ["Lybin", "Lxbin", "sybin", "sxbin", "LYbin", "LXbin"]))
    c["dtypes"] = {"motSVD0": str(proc["motSVD"][0].dtype), "motMask0": str(proc["motMask"][0].dtype),
                   "motion0": str(proc["motion"][0].dtype), "Lybin": str(np.asarray(proc["Lybin"]).dtype)}
    mm = proc["motMask_reshape"][0]
    c["motMask_reshape0_shape"] = list(mm.shape)
    c["motMask_reshape_ok"] = bool(mm.shape[:2] == (ref["LYbin"], ref["LXbin"]))
    c["motion_rel_err"] = [float(np.abs(a - b).max() / np.abs(b).max()) for a, b in zip(proc["motion"], ref["motion"])]
    c["avgframe_rel_err"] = float(np.abs(np.ravel(proc["avgframe"][0]) - np.ravel(ref["avgframe"][0])).max()
                               / np.abs(ref["avgframe"][0]).max())
    c["motMask0_corr_first10"] = [corr_up_to_sign(proc["motMask"][0][:, j], ref["motMask"][0][:, j]) for j in range(10)]
    c["pupil_area_rel_err"] = float(np.nanmax(np.abs(proc["pupil"][0]["area"] - ref["pupil"][0]["area"])
                                              / ref["pupil"][0]["area"]))
    r0 = proc["rois"][0] if proc["rois"] else {}
    c["roi_keys"] = sorted(r0.keys())
    ok = (not c["missing_keys"] and c["Ly_Lx_sbin_equal"] and c["bins_equal"] and c["motMask_reshape_ok"]
          and max(c["motion_rel_err"]) < 1e-4 and c["avgframe_rel_err"] < 1e-3
          and min(c["motMask0_corr_first10"]) > 0.99 and c["pupil_area_rel_err"] < 0.01)
    verdict["passed"] = bool(ok)
    (FROM_JAVA / "python_check.json").write_text(json.dumps(verdict, indent=1) + "\n")
    print(json.dumps(verdict, indent=1))
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check-java", action="store_true")
    args = ap.parse_args()
    if args.check_java:
        sys.exit(check_java(args))
    make(args)


if __name__ == "__main__":
    main()
