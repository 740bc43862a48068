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
"""Writes the reference fixtures under src/test/resources/reference/ with the REAL facemap==1.0.8 package.

Topics (each a folder with a manifest.json):
  pose/      random FMnet weights (torch.save state dict), input frames, Facemap's preprocessing, network outputs
             and keypoints (Pose.predict_landmarks' exact call sequence, cross-checked against predict_landmarks).
  training/  labelled frames preprocessed like Facemap's refinement GUI, heatmap/offset targets, offset mask,
             train-mode outputs of the random FMnet and the loss computed by facemap's own model_training.train;
             the learning-rate schedule of train() over 36 epochs.
  decoder/   OpenCV gray frames of the demo video (sequential decode) as 8-bit PNG.
Also: --check-java loads what Java wrote to from-java/ and writes from-java/python_check.json.

Only this script (and its venv) ever runs Python; Java tests and CI read the files it wrote.
Usage:  ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_fixtures.py [--topics pose,training,decoder]
        ~/.cache/facemap-reference/venv/bin/python scripts/reference/make_fixtures.py --check-java
"""
import argparse
import copy
import csv
import hashlib
import json
import os
import platform
import sys
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
RES = REPO / "src" / "test" / "resources" / "reference"
SHARED = Path(os.environ.get("FACEMAP_SHARED", str(REPO.parent / "shared"))).resolve()
VIDEO = SHARED / "data" / "mouse-face-video" / "sample_video.mp4"
LABELED = SHARED / "data" / "mouse-face-labeled"

BODYPARTS = [
    "eye(back)", "eye(bottom)", "eye(front)", "eye(top)", "lowerlip", "mouth", "nose(bottom)", "nose(r)",
    "nose(tip)", "nose(top)", "nosebridge", "paw", "whisker(I)", "whisker(III)", "whisker(II)",
]
# mouse-face-labeled names -> Facemap names (its SOURCE.md)
LABEL_TO_FACEMAP = {
    "eye top": "eye(top)", "eye front": "eye(front)", "eye bottom": "eye(bottom)", "eye back": "eye(back)",
    "nose top": "nose(top)", "nose tip": "nose(tip)", "nose bottom": "nose(bottom)", "whisker 1": "whisker(I)",
    "whisker 2": "whisker(II)", "whisker 3": "whisker(III)", "mouth": "mouth", "lip": "lowerlip",
}

# Fixture FMnet: distinct, small channel widths (the Facemap base model's widths are not public; the issue's
# [16,32,64,128,200] would make a 6.2 MB weights file). Every width differs, and so do c4+c3 and c3+c2, so a
# mis-mapped tensor shows up as a shape error.
FIXTURE_CHANNELS = [8, 12, 20, 28, 36]
# with this seed the top-1 and top-2 values of every heatmap of the pose fixture differ by > 1e-3 of the largest
# heatmap value (10x the 1e-4 tolerance), so the argmax is unambiguous in Java too (checked and recorded)
MODEL_SEED = 1
CALIB_FRAMES = [0, 150, 300, 450, 600, 748]  # BatchNorm calibration frames (not the fixture's frames)
# Pose fixture: frames of the demo video (800x480) and a non-square bbox [r0, r1, c0, c1]
POSE_FRAMES = [100, 700]  # frame 700 has another 1st percentile than 100: batch-wide vs per-frame differs
POSE_BBOX = [30, 430, 100, 701]  # h=400, w=601 -> odd difference: square side 602, pads rows 101/101, cols 0/1
# Training fixture
TRAIN_IMAGES = ["img0051.png", "img0067.png"]  # one of each video (cam1_G7c1_1, cam1_G7c1_2)
TRAIN_BBOX = [20, 500, 60, 700]  # h=480, w=640 -> pads rows 80/80
TRAIN_LR = 1e-4
TRAIN_EPOCHS = 36
TRAIN_STEPS = 2  # facemap train() epochs (one step each) run for the after-2-steps state dict
# Decoder fixture
DECODER_FRAMES = [0, 1, 100, 249, 250, 251, 500, 748]


def _torch():
    import torch

    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    return torch


def versions():
    import cv2
    import h5py
    import scipy
    import torch

    return {
        "python": platform.python_version(),
        "facemap": pkg_version("facemap"),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "opencv": cv2.__version__,
        "h5py": h5py.__version__,
        "scipy": scipy.__version__,
        "platform": platform.platform(),
        "torch_threads": torch.get_num_threads(),
    }


def ensure_standin_models():
    """facemap/pose/model_loader.py downloads facemap_model_params.pth and facemap_model_state.pt at import time
    when they are missing (os.path.exists checks only). Offline that import fails, so place stand-ins built from a
    random FMnet. They are never used for a fixture (Pose.load_model is not called)."""
    torch = _torch()
    from facemap.pose import facemap_network  # facemap.pose has no __init__: this does not import model_loader

    models = Path.home() / ".facemap" / "models"
    models.mkdir(parents=True, exist_ok=True)
    params = models / "facemap_model_params.pth"
    state = models / "facemap_model_state.pt"
    if not params.exists():
        torch.save({"params": {"channels": FIXTURE_CHANNELS, "note": "stand-in, not Facemap's base model"}},
                   str(params))
    if not state.exists():
        torch.manual_seed(0)
        net = facemap_network.FMnet(1, 15, BODYPARTS, FIXTURE_CHANNELS, torch.device("cpu"))
        torch.save(net.state_dict(), str(state))


def make_random_fmnet(channels=FIXTURE_CHANNELS, seed=MODEL_SEED, calibrate=True):
    """FMnet built with facemap's own class; conv weights from PyTorch's default init under a fixed seed; BatchNorm
    weight and bias random; running_mean/running_var calibrated on frames of the demo video (batch statistics of
    CALIB_FRAMES preprocessed like the pose fixture) and then jittered at random (mean + 0.2 std N(0,1), var x
    exp(0.2 N(0,1))); num_batches_tracked 100 + 7 i. Default buffers (0/1) would hide a mis-mapped buffer, and
    uncalibrated random buffers let the zero padding dominate: the heatmap maxima then sit on the border whatever the
    image, and keypoints would not depend on the input. With calibration they move with the image."""
    torch = _torch()
    from facemap.pose import facemap_network

    torch.manual_seed(seed)
    net = facemap_network.FMnet(img_ch=1, output_ch=len(BODYPARTS), labels_id=BODYPARTS, channels=channels,
                                device=torch.device("cpu"), kernel=3)
    g = torch.Generator().manual_seed(seed + 1)
    bns = [mm for mm in net.modules() if isinstance(mm, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for m in bns:
            n = m.num_features
            m.weight.copy_(1.0 + 0.25 * torch.randn(n, generator=g))
            m.bias.copy_(0.1 * torch.randn(n, generator=g))
        if calibrate:
            from facemap import utils
            from facemap.pose import transforms

            cum, _, _, cont = utils.get_frame_details([[str(VIDEO)]])
            cal = utils.get_batch_frames(np.array(CALIB_FRAMES), len(CALIB_FRAMES), cum, cont, video_idx=0,
                                         grayscale=True)
            utils.close_videos(cont)
            xc = transforms.preprocess_img(cal, POSE_BBOX, True, True, device=torch.device("cpu"))[0]
            for m in bns:
                m.momentum = None  # cumulative average: after one batch, the batch statistics
                m.reset_running_stats()
            net.train()
            net(xc)
            for m in bns:
                m.momentum = 0.1
        for i, m in enumerate(bns):
            n = m.num_features
            m.running_mean.add_(0.2 * m.running_var.sqrt() * torch.randn(n, generator=g))
            m.running_var.mul_(torch.exp(0.2 * torch.randn(n, generator=g)))
            m.num_batches_tracked.fill_(100 + 7 * i)
        # heatmap head: positive bias so that the ReLU'd heatmaps are not zero anywhere (no argmax ties)
        net.Conv2_1x1.conv0.bias.copy_(0.5 + 0.1 * torch.rand(len(BODYPARTS), generator=g))
    net.eval()
    return net


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Manifest:
    def __init__(self, folder, topic):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.data = {"topic": topic, "generated_by": "scripts/reference/make_fixtures.py", "versions": versions(),
                     "files": {}}

    def npy(self, name, arr, meaning, made_by, dtype=None):
        arr = np.ascontiguousarray(arr if dtype is None else np.asarray(arr).astype(dtype))
        if arr.dtype.byteorder == ">":
            arr = arr.astype(arr.dtype.newbyteorder("<"))
        np.save(self.folder / name, arr, allow_pickle=False)
        self.data["files"][name] = {"shape": list(arr.shape), "dtype": str(arr.dtype), "meaning": meaning,
                                    "made_by": made_by}
        return arr

    def other(self, name, meaning, made_by, **extra):
        d = {"meaning": meaning, "made_by": made_by, "sha256": sha256(self.folder / name)}
        d.update(extra)
        self.data["files"][name] = d

    def write(self):
        with open(self.folder / "manifest.json", "w") as f:
            json.dump(self.data, f, indent=2, sort_keys=False)
            f.write("\n")


def argmax_margins(hm):
    """For each (frame, keypoint) map: (top1 - top2) of the 64x64 heatmap, to show argmax is unambiguous."""
    flat = hm.reshape(hm.shape[0], hm.shape[1], -1)
    s = np.sort(flat, axis=-1)
    return s[..., -1] - s[..., -2]


# ----------------------------------------------------------------------------------------------------------- pose
def make_pose(out):
    torch = _torch()
    import cv2

    ensure_standin_models()
    from facemap import utils
    from facemap.pose import pose as fm_pose
    from facemap.pose import pose_helper_functions as pose_utils
    from facemap.pose import transforms

    m = Manifest(out / "pose", "pose")
    net = make_random_fmnet()
    torch.save(net.state_dict(), str(m.folder / "fmnet_random.pt"))
    m.other("fmnet_random.pt", "FMnet state dict (Facemap key names), fixed random conv weights and random "
            "BatchNorm weight/bias/running_mean/running_var/num_batches_tracked; 15 outputs",
            "facemap.pose.facemap_network.FMnet(img_ch=1, output_ch=15, labels_id=BODYPARTS, channels=%s, kernel=3)"
            " then torch.save(net.state_dict())" % FIXTURE_CHANNELS, channels=FIXTURE_CHANNELS,
            n_parameters=int(sum(p.numel() for p in net.parameters())),
            state_dict_keys=list(net.state_dict().keys()))

    # 1. frames exactly as Pose.predict_landmarks gets them: utils.get_batch_frames (OpenCV seek + read + BGR2GRAY)
    cumframes, Ly, Lx, containers = utils.get_frame_details([[str(VIDEO)]])
    imall = utils.get_batch_frames(np.array(POSE_FRAMES), len(POSE_FRAMES), cumframes, containers, video_idx=0,
                                   grayscale=True)
    assert imall.shape == (len(POSE_FRAMES), 1, Ly[0], Lx[0]) and imall.dtype == np.uint8, imall.shape
    m.npy("frames_uint8.npy", imall[:, 0], "input frames (B, H, W) uint8; preprocess_img got them as (B, 1, H, W)",
          "facemap.utils.get_batch_frames(frame indices %s, grayscale=True) on sample_video.mp4" % POSE_FRAMES)

    bbox = list(POSE_BBOX)
    r0, r1, c0, c1 = bbox
    add_padding = (r1 - r0) != (c1 - c0)
    resize = (r1 - r0) != 256 or (c1 - c0) != 256
    dev = torch.device("cpu")

    def run_batch(frames_u8, bbox=bbox, add_padding=add_padding, resize=resize):
        """Pose.predict_landmarks' body for one batch, statement for statement."""
        r0, _, c0, _ = bbox
        im, postpad_shape, pads = transforms.preprocess_img(frames_u8, bbox, add_padding, resize, device=dev)
        with torch.no_grad():
            hm, locx, locy = net(im)
        xlabels, ylabels, likelihood = pose_utils.predict(net, im, smooth=False)
        kp256 = torch.stack([xlabels, ylabels, likelihood], -1).clone()
        xlabels, ylabels = transforms.adjust_keypoints(xlabels, ylabels, crop_xy=(c0, r0), padding=pads,
                                                       current_size=(256, 256), desired_size=postpad_shape)
        kp = torch.stack([xlabels, ylabels, likelihood], -1)
        return im, postpad_shape, pads, hm, locx, locy, kp256, kp

    net.eval()
    im, postpad_shape, pads, hm, locx, locy, kp256, kp = run_batch(imall)
    x = torch.from_numpy(imall).to(torch.float32)
    x01, x99 = float(torch.quantile(x, 0.01)), float(torch.quantile(x, 0.99))

    m.npy("input_256.npy", im.numpy(), "network input (B, 1, 256, 256) float32 after normalize99 (batch-wide), "
          "crop, pad, bilinear resize", "facemap.pose.transforms.preprocess_img(frames, bbox, add_padding, resize, "
          "device=cpu)")
    m.npy("hm.npy", hm.numpy(), "heatmaps (B, 15, 64, 64) float32, eval mode (ReLU, not normalised)",
          "net.eval(); torch.no_grad(); FMnet.forward(input_256)")
    m.npy("locx.npy", locx.numpy(), "row-offset maps (B, 15, 64, 64) float32 (head Conv2_1x1.conv1)", "FMnet.forward")
    m.npy("locy.npy", locy.numpy(), "column-offset maps (B, 15, 64, 64) float32 (head Conv2_1x1.conv2)",
          "FMnet.forward")
    m.npy("keypoints_256.npy", kp256.numpy(), "(B, 15, 3) float32 x=column, y=row in 256x256 network-input pixels, "
          "likelihood", "facemap.pose.pose_helper_functions.predict(net, input_256, smooth=False)")
    m.npy("keypoints.npy", kp.numpy(), "(B, 15, 3) float32 x, y in full-frame pixels, likelihood: what "
          "_FacemapPose.h5 holds", "transforms.adjust_keypoints(x, y, crop_xy=(c0, r0), padding=pads, "
          "current_size=(256,256), desired_size=postpad_shape) after predict")

    # 2. the same frames one at a time (batch size 1; Facemap's API default): normalize99 is batch-wide
    kp_b1, im_b1, hm_b1 = [], [], []
    for i in range(len(POSE_FRAMES)):
        r = run_batch(imall[i:i + 1])
        im_b1.append(r[0].numpy())
        hm_b1.append(r[3].numpy())
        kp_b1.append(r[7].numpy())
    kp_b1 = np.concatenate(kp_b1)
    im_b1 = np.concatenate(im_b1)
    hm_b1 = np.concatenate(hm_b1)
    m.npy("keypoints_batch1.npy", kp_b1, "(B, 15, 3) float32 like keypoints.npy but each frame run as its own batch "
          "(batch size 1): differs because normalize99 percentiles are batch-wide", "run_batch per frame")
    x01_b1 = [float(torch.quantile(torch.from_numpy(imall[i:i + 1]).float(), 0.01)) for i in range(len(imall))]
    x99_b1 = [float(torch.quantile(torch.from_numpy(imall[i:i + 1]).float(), 0.99)) for i in range(len(imall))]

    # 2b. Facemap's default without a bbox (Pose.pose_prediction_setup): the full frame, padded to square, resized
    full_bbox = [0, int(Ly[0]), 0, int(Lx[0])]
    rf = run_batch(imall, bbox=full_bbox, add_padding=Ly[0] != Lx[0], resize=True)
    m.npy("keypoints_fullframe.npy", rf[7].numpy(), "(B, 15, 3) float32 like keypoints.npy but with Facemap's default "
          "bbox (no bbox given): the full frame %s, add_padding=True, resize=True" % full_bbox,
          "run_batch with bbox [0, H, 0, W] (what Pose.pose_prediction_setup sets)")
    full_info = {"bbox": full_bbox, "add_padding": True, "resize": True,
                 "postpad_shape": [int(v) for v in rf[1]], "pads": [int(v) for v in rf[2]],
                 "heatmap_max": float(rf[3].max()), "heatmap_argmax_min_margin": float(argmax_margins(rf[3].numpy()).min())}

    # 3. cross-check against Pose.predict_landmarks itself (decodes the video again, same frame indices)
    pose = fm_pose.Pose(filenames=[[str(VIDEO)]], bbox=[bbox], bbox_set=True, resize=resize, add_padding=add_padding,
                        net=net)
    pose.batch_size = len(POSE_FRAMES)
    pred, meta = pose.predict_landmarks(0, frame_ind=np.array(POSE_FRAMES))
    cross = float(np.abs(pred.numpy() - kp.numpy()).max())
    pose.batch_size = 1
    pred1, _ = pose.predict_landmarks(0, frame_ind=np.array(POSE_FRAMES))
    cross1 = float(np.abs(pred1.numpy() - kp_b1).max())
    utils.close_videos(pose.containers)
    utils.close_videos(containers)

    hm_np = hm.numpy()
    # numerical noise floor: the same network and preprocessing in float64 (how far an exact re-implementation can be
    # from PyTorch's float32 result)
    net64 = copy.deepcopy(net).double().eval()
    x64 = torch.from_numpy(imall).to(torch.float64)
    q01, q99 = torch.quantile(x64, 0.01), torch.quantile(x64, 0.99)
    im64 = transforms.crop_image((x64 - q01) / (q99 - q01), bbox)
    im64, _ = transforms.pad_img_to_square(im64, bbox)
    im64 = torch.nn.functional.interpolate(im64, size=(256, 256), mode="bilinear")
    with torch.no_grad():
        hm64, locx64, locy64 = net64(im64)
    xl64, yl64, lk64 = pose_utils.predict(net64, im64, smooth=False)
    xl64, yl64 = transforms.adjust_keypoints(xl64, yl64, crop_xy=(c0, r0), padding=pads, current_size=(256, 256),
                                             desired_size=postpad_shape)
    noise = {
        "input_256_max_abs": float((im64 - im.double()).abs().max()),
        "hm_max_abs": float((hm64 - hm.double()).abs().max()),
        "locx_max_abs": float((locx64 - locx.double()).abs().max()),
        "locy_max_abs": float((locy64 - locy.double()).abs().max()),
        "keypoints_xy_max_abs_px": float(max((xl64 - kp[..., 0].double()).abs().max(),
                                             (yl64 - kp[..., 1].double()).abs().max())),
        "likelihood_max_abs": float((lk64 - kp[..., 2].double()).abs().max()),
        "how": "whole pipeline (normalize99, crop, pad, resize, FMnet, predict, adjust_keypoints) in float64 vs "
               "the float32 fixture",
    }
    margins = argmax_margins(hm_np)
    m.data.update({
        "video": "mouse-face-video/sample_video.mp4",
        "frame_indices": POSE_FRAMES,
        "frame_shape": [int(Ly[0]), int(Lx[0])],
        "bbox": bbox,
        "bbox_order": "[r0, r1, c0, c1]: rows r0:r1, columns c0:c1, exclusive ends (Facemap's bbox order)",
        "add_padding": bool(add_padding),
        "resize": bool(resize),
        "batch_size": len(POSE_FRAMES),
        "channels": FIXTURE_CHANNELS,
        "postpad_shape": [int(v) for v in postpad_shape],
        "pads": {"values": [int(v) for v in pads],
                 "meaning": "as returned by pad_img_to_square (names pad_y_top, pad_y_bottom, pad_x_left, "
                            "pad_x_right) = (cols_before, cols_after, rows_before, rows_after)"},
        "normalize99_batch": {"x01": x01, "x99": x99, "how": "torch.quantile(float32 batch (B,1,H,W), 0.01/0.99), "
                                                            "linear interpolation, over all frames of the batch"},
        "normalize99_batch1": {"x01": x01_b1, "x99": x99_b1},
        "keypoints_batch_vs_batch1_max_abs_px": float(np.abs(kp.numpy()[..., :2] - kp_b1[..., :2]).max()),
        "input_batch_vs_batch1_max_abs": float(np.abs(im.numpy() - im_b1).max()),
        "fullframe": full_info,
        "float64_vs_float32": noise,
        "heatmap_max": float(hm_np.max()),
        "heatmap_argmax_min_margin": float(margins.min()),
        "heatmap_argmax_min_margin_batch1": float(argmax_margins(hm_b1).min()),
        "crosscheck": {
            "what": "facemap.pose.pose.Pose(filenames, bbox, bbox_set=True, resize, add_padding, net)"
                    ".predict_landmarks(0, frame_ind) vs keypoints.npy / keypoints_batch1.npy",
            "max_abs_diff_batch": cross, "max_abs_diff_batch1": cross1,
            "inference_metadata": {k: (v if isinstance(v, (int, float, str, list)) else str(v))
                                   for k, v in meta.items() if k not in ("bodyparts", "inference_speed")},
        },
        "bodyparts": BODYPARTS,
        "tolerances_suggested": {"hm_locx_locy_abs": "1e-4 * heatmap_max (issue 3)", "keypoints_px": 0.01},
    })
    m.write()
    print("pose: cross-check max diff %.3g (batch) %.3g (batch 1); batch vs batch-1 keypoints differ by %.3g px; "
          "min argmax margin %.3g; hm max %.3g" % (cross, cross1, m.data["keypoints_batch_vs_batch1_max_abs_px"],
                                                  margins.min(), hm_np.max()))
    return m


# ------------------------------------------------------------------------------------------------------- training
def read_labels():
    with open(LABELED / "labels.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        kp = np.full((len(BODYPARTS), 2), np.nan)
        for name, fm in LABEL_TO_FACEMAP.items():
            k = BODYPARTS.index(fm)
            kp[k, 0] = float(r[name + " x"])
            kp[k, 1] = float(r[name + " y"])
        out[r["image"]] = (r["video"], r["batch"], kp)
    return out


def facemap_targets(lbl, n_factor=4, sigma=3.0, img_size=(256, 256)):
    """The target/mask statements of facemap.pose.model_training.train, verbatim in order and dtype (the mesh is
    float64 numpy -> torch, so targets are float64). lbl: (B, K, 2) float32 torch, x=column, y=row, 256 px."""
    torch = _torch()
    xmesh, ymesh = np.meshgrid(np.arange(img_size[1] / n_factor), np.arange(img_size[0] / n_factor))
    ymesh = torch.from_numpy(ymesh)
    xmesh = torch.from_numpy(xmesh)
    lbl = lbl.clone()
    lbl_mask = torch.isnan(lbl).sum(axis=-1)
    lbl[lbl_mask > 0] = 0
    lbl_nan = lbl_mask == 0
    y_true = (lbl[:, :, 0]) / n_factor
    x_true = (lbl[:, :, 1]) / n_factor
    locx = ymesh - x_true.unsqueeze(-1).unsqueeze(-1)
    locy = xmesh - y_true.unsqueeze(-1).unsqueeze(-1)
    hm_true = torch.exp(-(locx ** 2 + locy ** 2) / (2 * sigma ** 2))
    hm_true = 10 * hm_true / (1e-3 + hm_true.sum(axis=(-2, -1)).unsqueeze(-1).unsqueeze(-1))
    mask = (locx ** 2 + locy ** 2) ** 0.5 <= sigma
    locx = locx / (2 * sigma)
    locy = locy / (2 * sigma)
    return hm_true, locx, locy, mask, lbl_nan


def facemap_instance_loss(hm_true, locx, locy, mask, lbl_nan, hm_pred, locx_pred, locy_pred):
    """The loss statements of model_training.train (per non-NaN instance, before .mean())."""
    hm_true, locx, locy, mask = hm_true[lbl_nan], locx[lbl_nan], locy[lbl_nan], mask[lbl_nan]
    hm_pred, locx_pred, locy_pred = hm_pred[lbl_nan], locx_pred[lbl_nan], locy_pred[lbl_nan]
    loss = ((hm_true - hm_pred).abs()).sum(axis=(-2, -1))
    loss_hm = loss.clone()
    loss = loss + 0.5 * (mask * ((locx - locx_pred) ** 2 + (locy - locy_pred) ** 2) ** 0.5).sum(axis=(-2, -1))
    return loss, loss_hm


class _Capture:
    """Records, while facemap's own model_training.train runs, the network outputs of each forward pass, the value
    of each loss it back-propagates and the learning rate of each optimizer step."""

    def __init__(self):
        self.outputs, self.losses, self.lrs, self.gnorms = [], [], [], []

    def __enter__(self):
        torch = _torch()
        from facemap.pose import model_training

        cap = self
        self._backward = torch.Tensor.backward

        def backward(t, *a, **k):
            cap.losses.append(t.detach().clone())
            return cap._backward(t, *a, **k)

        torch.Tensor.backward = backward
        self._adam = model_training.optim.Adam
        base = self._adam

        class RecordingAdam(base):
            def step(self, *a, **k):
                cap.lrs.append(self.param_groups[0]["lr"])
                return super().step(*a, **k)

        model_training.optim.Adam = RecordingAdam
        self._clip = torch.nn.utils.clip_grad_norm_

        def clip(*a, **k):
            n = cap._clip(*a, **k)
            cap.gnorms.append(float(n))
            return n

        torch.nn.utils.clip_grad_norm_ = clip
        return self

    def __exit__(self, *exc):
        torch = _torch()
        from facemap.pose import model_training

        torch.Tensor.backward = self._backward
        model_training.optim.Adam = self._adam
        torch.nn.utils.clip_grad_norm_ = self._clip


def load_labelled(names):
    """Labelled images of mouse-face-labeled as gray uint8 (N, H, W) (gray content in an RGB PNG: R=G=B), their
    labels in Facemap order (N, 15, 2) float64 with NaN for Facemap keypoints not labelled, and per-image metadata."""
    import cv2

    labels = read_labels()
    imgs, kps, meta = [], [], []
    for name in names:
        im = cv2.imread(str(LABELED / name), cv2.IMREAD_GRAYSCALE)
        imgs.append(im)
        video, batch, kp = labels[name]
        kps.append(kp)
        meta.append({"image": name, "video": video, "batch": batch, "sha256": sha256(LABELED / name),
                     "shape": list(im.shape)})
    return np.stack(imgs), np.stack(kps), meta


def refinement_preprocess(imgs_u8, kp_full, bbox):
    """Refinement preprocessing as refine_pose.ModelTrainingPopup does it (that class needs a running Qt GUI, so its
    statements are replayed here, in order, with facemap's own functions):
    get_frames_from_indices -> float64 (N, Ly, Lx); get_bbox_adjusted_img_and_keypoints(imgs, kp, bbox, resize=False);
    train_model: rescale_keypoints + resize_image(align_corners=True) to 256x256.
    Returns (images (N, 256, 256) float64, keypoints (N, K, 2) float64 in 256 px, postpad_shape, pads)."""
    torch = _torch()
    from facemap.pose import transforms

    y1, y2, x1, x2 = bbox
    add_padding = (x2 - x1) != (y2 - y1)
    imgs_f = np.asarray(imgs_u8).astype(np.float64)
    im, postpad_shape, pads = transforms.preprocess_img(torch.tensor(imgs_f[np.newaxis, ...]), bbox, add_padding,
                                                        False)
    im = im.numpy().squeeze(0)
    kp = np.array(kp_full, dtype=np.float64, copy=True)
    kp[:, :, 0] -= x1
    kp[:, :, 1] -= y1
    if add_padding:
        kp[:, :, 0], kp[:, :, 1] = transforms.adjust_keypoints_for_padding(kp[:, :, 0], kp[:, :, 1],
                                                                           [-1 * v for v in pads])
    kp[:, :, 0], kp[:, :, 1] = transforms.rescale_keypoints(kp[:, :, 0], kp[:, :, 1], im.shape[1:], (256, 256))
    im = transforms.resize_image(torch.from_numpy(im), resize_shape=(256, 256)).numpy()
    return im, kp, postpad_shape, pads


def make_training(out):
    torch = _torch()
    import cv2

    ensure_standin_models()
    from facemap.pose import datasets, model_training, transforms

    m = Manifest(out / "training", "training")
    imgs_u8, kp_full, meta = load_labelled(TRAIN_IMAGES)
    # the images themselves are not copied here (1.1 MB): they are lossless PNGs in shared/data/mouse-face-labeled
    # (gray content in an RGB container, R=G=B), named in "images" with their sha256
    m.npy("labels_full.npy", kp_full, "(N, 15, 2) float64 labels x=column, y=row in full-image pixels, Facemap "
          "order, NaN = not labelled (nose(r), nosebridge, paw)", "labels.csv mapped with SOURCE.md names",
          dtype=np.float64)

    bbox = list(TRAIN_BBOX)
    add_padding = (bbox[3] - bbox[2]) != (bbox[1] - bbox[0])
    imgs_f = imgs_u8.astype(np.float64)
    set_x01, set_x99 = float(np.nanpercentile(imgs_f, 1)), float(np.nanpercentile(imgs_f, 99))
    im, kp, postpad_shape, pads = refinement_preprocess(imgs_u8, kp_full, bbox)
    # Pose.train -> FacemapDataset(image_data, keypoints_data, bbox=[[0, 256, 0, 256]]): per-image normalize99 (numpy),
    # random bbox expansion (a no-op here, clipped), crop, pad, resize (identities at 256). train=False: no flip or
    # contrast augmentation, so the items are deterministic.
    ds = datasets.FacemapDataset(image_data=im, keypoints_data=kp, bbox=[[0, 256, 0, 256]], train=False)
    np.random.seed(0)
    items = [ds[i] for i in range(len(ds))]
    x_in = torch.stack([it["image"] for it in items]).to(torch.float32)  # what train() does: .to(float32)
    lbl = torch.stack([it["keypoints"] for it in items]).to(torch.float32)
    item_x01 = [float(np.nanpercentile(im[i], 1)) for i in range(len(im))]
    item_x99 = [float(np.nanpercentile(im[i], 99)) for i in range(len(im))]

    m.npy("input_256.npy", x_in.numpy(), "(N, 1, 256, 256) float32 network input of training (the DataLoader's "
          "float64 image cast to float32 by train())", "refinement preprocessing (see 'pipeline') + "
          "FacemapDataset(train=False)[i]['image']")
    m.npy("labels_256.npy", lbl.numpy(), "(N, 15, 2) float32 training labels x=column, y=row in 256 px; NaN = "
          "missing", "FacemapDataset(...)[i]['keypoints'] cast to float32 as train() does")

    # --- the random FMnet (pose/fmnet_random.pt) in train mode, inside facemap's own train() for one step
    net = make_random_fmnet()
    net_t = copy.deepcopy(net)
    outputs = []
    orig_forward = net_t.forward

    def forward(*a, **k):
        o = orig_forward(*a, **k)
        outputs.append(tuple(t.detach().clone() for t in o))
        return o

    net_t.forward = forward

    class _DS(torch.utils.data.Dataset):  # the deterministic items, batched as one
        img_size = (256, 256)

        def __len__(self):
            return len(items)

        def __getitem__(self, i):
            return items[i]

    dl = torch.utils.data.DataLoader(_DS(), batch_size=len(items), shuffle=False)
    with _Capture() as cap:
        model_training.train(dl, net_t, TRAIN_STEPS, TRAIN_LR, 0.0)
    assert len(outputs) == TRAIN_STEPS and len(cap.losses) == TRAIN_STEPS, (len(outputs), len(cap.losses))
    torch.save(net_t.state_dict(), str(m.folder / "fmnet_after_2_steps.pt"))
    m.other("fmnet_after_2_steps.pt", "state dict of pose/fmnet_random.pt after facemap's model_training.train("
            "n_epochs=2, learning_rate=1e-4, weight_decay=0) on the 2 images as one batch (2 optimizer steps): Adam, "
            "gradient clipping at 50, BatchNorm running statistics updated in train mode (momentum 0.1)",
            "torch.save(net.state_dict()) after train()",
            steps=[{"loss": float(cap.losses[i].item()), "lr": float(cap.lrs[i]),
                    "grad_norm_before_clip": cap.gnorms[i]} for i in range(TRAIN_STEPS)])
    hm_p, locx_p, locy_p = outputs[0]
    loss_facemap = float(cap.losses[0].item())

    hm_t, locx_t, locy_t, mask, valid = facemap_targets(lbl)
    inst, inst_hm = facemap_instance_loss(hm_t, locx_t, locy_t, mask, valid, hm_p, locx_p, locy_p)
    loss_replayed = float(inst.mean().item())
    # the same loss with float32 targets (as a float32 implementation would compute it)
    t32 = [t.to(torch.float32) if t.is_floating_point() else t for t in (hm_t, locx_t, locy_t)]
    inst32, _ = facemap_instance_loss(t32[0], t32[1], t32[2], mask, valid, hm_p, locx_p, locy_p)
    loss_f32 = float(inst32.mean().item())

    m.npy("hm_pred.npy", hm_p.numpy(), "(N, 15, 64, 64) float32 heatmaps of pose/fmnet_random.pt in TRAIN mode "
          "(BatchNorm batch statistics over the N images; hm normalised 10*hm/(1e-4+sum))",
          "model_training.train's forward pass net(images), captured")
    m.npy("locx_pred.npy", locx_p.numpy(), "(N, 15, 64, 64) float32 row offsets, train mode", "same forward")
    m.npy("locy_pred.npy", locy_p.numpy(), "(N, 15, 64, 64) float32 column offsets, train mode", "same forward")
    hm_t32 = hm_t.numpy().astype(np.float32)
    valid_np = valid.numpy()
    m.npy("hm_target.npy", hm_t32, "(N, 15, 64, 64) heatmap targets, computed in float64 by facemap and stored as "
          "float32; instances with a NaN label hold facemap's value for a label at (0,0), which it discards",
          "model_training.train statements (facemap_targets in this script)")
    m.npy("locx_target.npy", locx_t.numpy(), "(N, 15, 64, 64) row-offset targets (r - y/4)/(2*sigma), float32",
          "same", dtype=np.float32)
    m.npy("locy_target.npy", locy_t.numpy(), "(N, 15, 64, 64) column-offset targets (c - x/4)/(2*sigma), float32",
          "same", dtype=np.float32)
    m.npy("offset_mask.npy", mask.numpy(), "(N, 15, 64, 64) uint8 (0/1) offset-loss mask sqrt(dr^2+dc^2) <= sigma",
          "same", dtype=np.uint8)
    m.npy("valid.npy", valid_np, "(N, 15) uint8: 1 where the label is not NaN (instances in the loss)", "same",
          dtype=np.uint8)
    m.npy("loss_per_instance.npy", inst.numpy(), "(n_valid,) float64 loss of each non-NaN (image, keypoint) in "
          "row-major (image, keypoint) order: L1 heatmap + 0.5 * masked offset distance", "facemap_instance_loss",
          dtype=np.float64)

    # --- learning-rate schedule: facemap's train() for 36 epochs with a 1-parameter stand-in net (cheap), lr read
    # from the optimizer at every step
    class _Tiny(torch.nn.Module):
        n_upsample = 2

        def __init__(self):
            super().__init__()
            self.p = torch.nn.Parameter(torch.ones(()))

        def forward(self, x):
            b = x.shape[0]
            z = self.p * torch.ones(b, 15, 64, 64)
            return z, 0 * z, 0 * z

    dl1 = torch.utils.data.DataLoader(_DS(), batch_size=len(items), shuffle=False)
    with _Capture() as cap2:
        model_training.train(dl1, _Tiny(), TRAIN_EPOCHS, TRAIN_LR, 0.0)
    # short runs: facemap's slicing LR[-6:-3], LR[-3:] overlaps for n_epochs < 7 (runs under 7 epochs never use lr)
    short = {}
    for n_ep in range(1, 9):
        with _Capture() as cap3:
            model_training.train(dl1, _Tiny(), n_ep, TRAIN_LR, 0.0)
        short[str(n_ep)] = [float(v) for v in cap3.lrs]
    lrs = np.array(cap2.lrs, dtype=np.float64)
    assert lrs.shape == (TRAIN_EPOCHS,), lrs.shape
    m.npy("lr_schedule.npy", lrs, "(36,) float64 learning rate of each epoch of model_training.train(n_epochs=36, "
          "learning_rate=1e-4)", "optimizer.param_groups[0]['lr'] at each step (one step per epoch)",
          dtype=np.float64)

    m.data.update({
        "images": meta,
        "images_folder": "shared/data/mouse-face-labeled (read as gray: cv2.imread IMREAD_GRAYSCALE; R=G=B)",
        "bbox": bbox,
        "bbox_order": "[r0, r1, c0, c1] (Facemap order)",
        "add_padding": bool(add_padding),
        "postpad_shape": [int(v) for v in postpad_shape],
        "pads": {"values": [int(v) for v in pads],
                 "meaning": "(cols_before, cols_after, rows_before, rows_after) as pad_img_to_square returns"},
        "pipeline": [
            "refine_pose.get_frames_from_indices: float64 (N, Ly, Lx) gray",
            "refine_pose.get_bbox_adjusted_img_and_keypoints(resize=False): transforms.preprocess_img(torch.tensor("
            "imgs[None]), bbox, add_padding, False) with device=None -> normalize99 via np.nanpercentile over ALL "
            "N images together (set x01/x99 below), crop, zero-pad to square; keypoints -= (c0, r0), += pads",
            "refine_pose.train_model: transforms.rescale_keypoints(x, y, (Hp, Wp), (256, 256)) i.e. x *= 256/Wp, "
            "y *= 256/Hp; transforms.resize_image(align_corners=True) to 256x256",
            "Pose.train -> datasets.FacemapDataset(image_data, keypoints_data, bbox=[[0,256,0,256]]): "
            "normalize99 per image via np.nanpercentile (item x01/x99 below), then crop/pad/resize identities",
            "model_training.train: images.to(float32), labels.to(float32)",
        ],
        "normalize99_set": {"x01": set_x01, "x99": set_x99},
        "normalize99_item": {"x01": item_x01, "x99": item_x99},
        "target_params": {"n_factor": 4, "sigma": 3.0, "grid": 64, "hm_sum": 10, "hm_eps": 1e-3,
                          "offset_weight": 0.5, "offset_scale": "1/(2*sigma)"},
        "loss": {
            "facemap_train_loss": loss_facemap,
            "replayed_loss": loss_replayed,
            "abs_diff": abs(loss_facemap - loss_replayed),
            "heatmap_part_mean": float(inst_hm.mean().item()),
            "loss_with_float32_targets": loss_f32,
            "float32_vs_float64_rel_diff": abs(loss_f32 - loss_replayed) / loss_replayed,
            "n_valid_instances": int(valid_np.sum()),
            "what": "mean over non-NaN (image, keypoint) instances of L1(hm_target - hm_pred) + 0.5 * sum over "
                    "offset_mask of sqrt((locx_t-locx_p)^2 + (locy_t-locy_p)^2); float64 (targets are float64)",
            "how": "facemap_train_loss: value of the tensor facemap's model_training.train back-propagated "
                   "(one epoch, batch = all N images, shuffle off, lr 1e-4, weight_decay 0), captured by wrapping "
                   "torch.Tensor.backward; replayed_loss: this script's copy of the same statements on the captured "
                   "outputs and hm_target etc.",
        },
        "lr_schedule": {"lr": TRAIN_LR, "epochs": TRAIN_EPOCHS, "values": lrs.tolist(),
                        "short_runs": short,
                        "note": "LR = lr * ones(n); LR[-6:-3] = lr/10; LR[-3:] = lr/25: for n_epochs < 7 the slices "
                                "overlap or cover everything, so such runs never use lr itself (n <= 3: all lr/25)"},
        "bodyparts": BODYPARTS,
        "model": "../pose/fmnet_random.pt (channels %s), train mode" % FIXTURE_CHANNELS,
    })
    m.write()
    print("training: facemap loss %.10g replayed %.10g (diff %.3g); lr %s" % (
        loss_facemap, loss_replayed, abs(loss_facemap - loss_replayed), sorted(set(lrs.tolist()))))
    return m


# -------------------------------------------------------------------------------------------------------- decoder
def make_torch(out):
    """Small files written by the real torch.save (zip and legacy formats) with views, strides, storage offsets,
    shared storages and every dtype io.Tensor holds, so the Java .pt reader is tested on real torch output (io's own
    torch-like files are written without torch)."""
    torch = _torch()
    from collections import OrderedDict

    m = Manifest(out / "torch", "torch")

    def describe(sd):
        d = OrderedDict()
        for k, t in sd.items():
            v = t.detach().contiguous().reshape(-1)
            if t.dtype == torch.bool:
                vals = [bool(x) for x in v.tolist()]
            elif t.is_floating_point():
                vals = [float(x) for x in v.to(torch.float64).tolist()]
            else:
                vals = [int(x) for x in v.tolist()]
            d[k] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": vals,
                    "storage_offset": int(t.storage_offset()), "stride": list(t.stride()),
                    "contiguous": bool(t.is_contiguous())}
        return d

    full = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5
    views = OrderedDict()
    views["full"] = full
    views["transposed"] = full.t()  # non-contiguous view of the same storage
    views["row1"] = full[1]  # storage offset 4
    views["col2"] = full[:, 2]  # offset 2, stride 4
    views["bn.num_batches_tracked"] = torch.tensor(42, dtype=torch.int64)  # 0-dim
    torch.save(views, str(m.folder / "views.pt"))
    m.other("views.pt", "torch.save (zip format) of an OrderedDict whose tensors share one storage (views with "
            "strides and storage offsets) plus a 0-dim int64", "torch.save(d, f)", tensors=describe(views))
    torch.save(views, str(m.folder / "views_legacy.pt"), _use_new_zipfile_serialization=False)
    m.other("views_legacy.pt", "the same dict in torch's legacy (pre-1.6, non-zip) format",
            "torch.save(d, f, _use_new_zipfile_serialization=False)", tensors=describe(views))

    g = torch.Generator().manual_seed(7)
    dt = OrderedDict()
    dt["f32"] = torch.randn(2, 3, generator=g)
    dt["f64"] = torch.randn(3, generator=g, dtype=torch.float64)
    dt["i64"] = torch.tensor([-(2 ** 40), -1, 0, 2 ** 40], dtype=torch.int64)
    dt["i32"] = torch.tensor([-70000, 70000], dtype=torch.int32)
    dt["i16"] = torch.tensor([-300, 300], dtype=torch.int16)
    dt["i8"] = torch.tensor([-5, 5], dtype=torch.int8)
    dt["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    dt["bool"] = torch.tensor([True, False, True])
    dt["scalar_f32"] = torch.tensor(3.25)
    dt["empty"] = torch.zeros(0, 3)
    dt["nan_inf"] = torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0])
    torch.save(dt, str(m.folder / "dtypes.pt"))
    d = describe(dt)
    d["nan_inf"]["values"] = ["nan", "inf", "-inf", "-0.0"]  # JSON has no NaN/Infinity
    m.other("dtypes.pt", "torch.save of one tensor per dtype that io.Tensor holds, a 0-dim float, an empty (0, 3) "
            "tensor and NaN/+Inf/-Inf/-0.0", "torch.save(d, f)", tensors=d)

    half = OrderedDict([("f16", torch.tensor([1.5, -2.0], dtype=torch.float16)),
                        ("bf16", torch.tensor([1.5, -2.0], dtype=torch.bfloat16))])
    torch.save(half, str(m.folder / "half.pt"))
    m.other("half.pt", "float16 and bfloat16 tensors (Facemap never writes them): a reader may support them or "
            "reject the file with a clear message", "torch.save(d, f)", tensors=describe(half))

    # what torch.save(module.state_dict()) really pickles: an OrderedDict carrying a _metadata attribute
    bn = torch.nn.Sequential(torch.nn.BatchNorm2d(2), torch.nn.Conv2d(2, 1, 1))
    with torch.no_grad():
        bn[0].running_mean.copy_(torch.tensor([0.5, -0.5]))
        bn[0].running_var.copy_(torch.tensor([2.0, 0.25]))
        bn[0].num_batches_tracked.fill_(9)
        bn[1].weight.copy_(torch.tensor([1.0, -1.0]).reshape(1, 2, 1, 1))
        bn[1].bias.fill_(0.125)
    sd = bn.state_dict()
    torch.save(sd, str(m.folder / "module_state_dict.pt"))
    m.other("module_state_dict.pt", "torch.save(module.state_dict()) of BatchNorm2d(2) + Conv2d(2, 1, 1): an "
            "OrderedDict with a _metadata attribute (versions per module), as every real model file has",
            "torch.save(nn.Sequential(...).state_dict(), f)", tensors=describe(sd),
            metadata={k: v for k, v in getattr(sd, "_metadata", {}).items()})
    m.write()
    print("torch: %d files" % (len(m.data["files"])))
    return m


def make_decoder(out):
    import cv2

    m = Manifest(out / "decoder", "decoder")
    cap = cv2.VideoCapture(str(VIDEO))
    n_prop = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    want = set(DECODER_FRAMES)
    frames, md5_all, i = {}, [], 0
    while True:
        ret, frame = cap.read()
        if not ret:
            break
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        md5_all.append(hashlib.md5(gray.tobytes()).hexdigest())
        if i in want:
            frames[i] = gray
        i += 1
    n_decoded = i
    # Facemap itself reads by seeking (CAP_PROP_POS_FRAMES) in get_batch_frames: check it gives the same frames
    seek_equal = {}
    for idx in DECODER_FRAMES:
        cap.set(cv2.CAP_PROP_POS_FRAMES, idx)
        ret, frame = cap.read()
        seek_equal[str(idx)] = bool(ret) and bool(np.array_equal(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), frames[idx]))
    cap.release()
    entries = []
    for idx in DECODER_FRAMES:
        name = "frame_%04d.png" % idx
        cv2.imwrite(str(m.folder / name), frames[idx], [cv2.IMWRITE_PNG_COMPRESSION, 9])
        back = cv2.imread(str(m.folder / name), cv2.IMREAD_UNCHANGED)
        assert back.dtype == np.uint8 and back.ndim == 2 and np.array_equal(back, frames[idx])
        m.other(name, "8-bit gray frame %d (H, W) = %s" % (idx, list(frames[idx].shape)),
                "cv2.VideoCapture sequential read() + cv2.cvtColor(BGR2GRAY); cv2.imwrite PNG (lossless)",
                frame_index=idx, gray_md5=hashlib.md5(frames[idx].tobytes()).hexdigest(),
                mean=float(frames[idx].mean()))
        entries.append(idx)
    build = cv2.getBuildInformation()
    ffmpeg_lines = [ln.strip() for ln in build.splitlines() if any(s in ln for s in ("FFMPEG", "avcodec", "avformat",
                                                                                      "swscale", "avutil"))]
    with open(m.folder / "gray_md5.txt", "w") as f:
        for k, h in enumerate(md5_all):
            f.write("%d %s\n" % (k, h))
    m.other("gray_md5.txt", "md5 of every decoded gray frame (index md5), H*W bytes row-major",
            "sequential decode as above")
    m.data.update({
        "video": "mouse-face-video/sample_video.mp4",
        "frame_indices": entries,
        "frame_count_property": n_prop,
        "frames_decoded_sequentially": n_decoded,
        "seek_read_equals_sequential": seek_equal,
        "gray_formula": "OpenCV BGR2GRAY on 8-bit: Y = (B*1868 + G*9617 + R*4899 + 8192) >> 14, after FFmpeg's "
                        "YUV420p -> BGR24 conversion (swscale) inside OpenCV's FFmpeg backend",
        "opencv_ffmpeg_build": ffmpeg_lines,
        "tolerance_suggested": "|ours - opencv| <= 1 gray level on nearly all pixels; report the count that differ",
    })
    m.write()
    print("decoder: %d frames decoded (CAP_PROP_FRAME_COUNT %d); seek==sequential: %s" % (
        n_decoded, n_prop, seek_equal))
    return m


# ----------------------------------------------------------------------------------------------------- check-java
def check_java(folder):
    """Loads the files Java wrote into from-java/ with torch.load + FMnet.load_state_dict and h5py, compares them
    with the expected values of from-java/manifest.json and writes from-java/python_check.json."""
    from check_java import run_check  # same folder

    return run_check(folder, versions(), make_fmnet_from_state, track=track_with_facemap)


def track_with_facemap(pt_path):
    """Facemap's own user path with a model file: copy it into ~/.facemap/models (model_loader.copy_to_models_dir,
    as "Add pose model" does), Pose(model_name=its stem).load_model() (FMnet from facemap_model_params.pth, then
    set_model: torch.load + load_state_dict), predict_landmarks on the pose fixture's frames with its bbox and batch
    size. Returns (keypoints (B, 15, 3), note) or (None, reason) when the installed params file has other channels."""
    torch = _torch()
    import shutil
    import tempfile

    from facemap.pose import model_loader
    from facemap.pose import pose as fm_pose

    params = torch.load(model_loader.get_model_params_path(), map_location="cpu", weights_only=False)
    state = torch.load(pt_path, map_location="cpu", weights_only=True)
    _, ch = make_fmnet_from_state(state)
    if list(params["params"]["channels"]) != ch:
        return None, "facemap_model_params.pth has channels %s, the model %s" % (params["params"]["channels"], ch)
    stem = "fromjava_" + Path(pt_path).stem
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / (stem + ".pt")
        shutil.copy(pt_path, f)
        installed = model_loader.copy_to_models_dir(str(f)) / f.name
    try:
        man = json.loads((RES / "pose" / "manifest.json").read_text())
        p = fm_pose.Pose(filenames=[[str(VIDEO)]], bbox=[list(man["bbox"])], bbox_set=True, resize=man["resize"],
                         add_padding=man["add_padding"], model_name=stem)
        p.load_model()
        p.batch_size = man["batch_size"]
        pred, _ = p.predict_landmarks(0, frame_ind=np.array(man["frame_indices"]))
        return pred.numpy(), "Pose(model_name=%r).load_model() + predict_landmarks(frames %s)" % (
            stem, man["frame_indices"])
    finally:
        os.remove(installed)


def make_fmnet_from_state(state):
    """FMnet with channels and outputs read from a state dict's shapes (as Facemap's loader must be told)."""
    torch = _torch()
    from facemap.pose import facemap_network

    ch = [int(state["Conv.conv%d.conv.conv_0.%d.weight" % (k, 1 if k == 0 else 2)].shape[0]) for k in range(5)]
    nout = int(state["Conv2_1x1.conv0.weight"].shape[0])
    labels = BODYPARTS if nout == 15 else ["kp%d" % i for i in range(nout)]
    return facemap_network.FMnet(1, nout, labels, ch, torch.device("cpu")), ch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", default="pose,training,decoder,torch")
    ap.add_argument("--out", default=str(RES))
    ap.add_argument("--check-java", nargs="?", const="", default=None, metavar="DIR",
                    help="check the files Java wrote (default: src/test/resources/reference/from-java and "
                         "from-java-fmnet)")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if a.check_java is not None:
        ensure_standin_models()
        dirs = [Path(a.check_java)] if a.check_java else [d for d in (RES / "from-java", RES / "from-java-fmnet")
                                                          if (d / "manifest.json").exists()]
        ok = all([check_java(d) for d in dirs])
        sys.exit(0 if ok else 1)
    out = Path(a.out)
    for t in a.topics.split(","):
        {"pose": make_pose, "training": make_training, "decoder": make_decoder, "torch": make_torch}[t.strip()](out)


if __name__ == "__main__":
    main()
