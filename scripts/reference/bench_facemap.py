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
"""Python Facemap (PyTorch) keypoint inference speed on CPU: the anchor for scripts/bench/track.

Runs facemap's FMnet (channels 16/32/64/128/200, 15 keypoints; random weights, since Facemap's base weights are not
available offline: speed does not depend on the values) on the first N frames of the demo video, at each batch size:
  network_fps:    FMnet forward passes alone (pose_helper_functions.predict's net call, torch.no_grad, eval mode)
                  on already preprocessed 256x256 batches
  end_to_end_fps: facemap's own Pose.predict_landmarks over the frames, wall clock: OpenCV decode
                  (utils.get_batch_frames) + transforms.preprocess_img + predict + adjust_keypoints
Prints one JSON object. Torch threads default to 2 (the shared development machine).

Usage: ~/.cache/facemap-reference/venv/bin/python scripts/reference/bench_facemap.py [--frames 64]
       [--batch-sizes 1,8,32] [--bbox r0,r1,c0,c1] [--threads 2] [--video PATH]
"""
import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def conv_macs(net, shape):
    """Multiply-accumulates of one forward pass (convolutions only; BatchNorm/ReLU/pool are comparatively free)."""
    import torch

    macs = [0]

    def hook(m, inp, out):
        macs[0] += out.numel() // out.shape[0] * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]

    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        net(torch.zeros(shape))
    for h in hs:
        h.remove()
    return macs[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=64)
    ap.add_argument("--batch-sizes", default="1,8,32")
    ap.add_argument("--bbox", default=None, help="r0,r1,c0,c1 (default: full frame, as Facemap without a bbox)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels", default="16,32,64,128,200")
    ap.add_argument("--video", default=None)
    a = ap.parse_args()
    os.environ["TORCH_THREADS"] = str(a.threads)

    import make_fixtures as mf
    import numpy as np
    import torch

    torch.set_num_threads(a.threads)
    mf.ensure_standin_models()
    from facemap import utils
    from facemap.pose import pose as fm_pose
    from facemap.pose import pose_helper_functions as pose_utils
    from facemap.pose import transforms

    video = a.video or str(mf.VIDEO)
    channels = [int(c) for c in a.channels.split(",")]
    net = mf.make_random_fmnet(channels=channels, calibrate=False)
    net.eval()
    cumframes, Ly, Lx, containers = utils.get_frame_details([[video]])
    n = min(a.frames, int(cumframes[-1]))
    bbox = [int(v) for v in a.bbox.split(",")] if a.bbox else [0, Ly[0], 0, Lx[0]]
    add_padding = (bbox[1] - bbox[0]) != (bbox[3] - bbox[2])
    resize = (bbox[1] - bbox[0]) != 256 or (bbox[3] - bbox[2]) != 256
    frames = utils.get_batch_frames(np.arange(n), n, cumframes, containers, video_idx=0, grayscale=True)
    utils.close_videos(containers)

    results = []
    for bs in [int(b) for b in a.batch_sizes.split(",")]:
        # network alone, on inputs preprocessed the way predict_landmarks does (batch-wide normalize99)
        inputs = [transforms.preprocess_img(frames[s:s + bs], bbox, add_padding, resize, device=torch.device("cpu"))[0]
                  for s in range(0, n, bs)]
        with torch.no_grad():
            net(inputs[0])  # warm-up
            t0 = time.perf_counter()
            for x in inputs:
                net(x)
            t_net = time.perf_counter() - t0
        # facemap end to end (its own loop); predict_landmarks loops forever if batch size > frames: cap it
        pose = fm_pose.Pose(filenames=[[video]], bbox=[bbox], bbox_set=True, resize=resize, add_padding=add_padding,
                            net=net)
        pose.batch_size = min(bs, n)
        pose.predict_landmarks(0, frame_ind=np.arange(min(bs, n)))  # warm-up (decoder, allocator)
        t0 = time.perf_counter()
        _, meta = pose.predict_landmarks(0, frame_ind=np.arange(n))
        t_e2e = time.perf_counter() - t0
        utils.close_videos(pose.containers)
        results.append({"batch_size": bs, "frames": n, "network_s": t_net, "network_fps": n / t_net,
                        "end_to_end_s": t_e2e, "end_to_end_fps": n / t_e2e,
                        "facemap_reported_inference_fps": float(meta["inference_speed"])})
        print("batch %d: network %.2f frames/s, end to end %.2f frames/s" % (bs, n / t_net, n / t_e2e),
              file=sys.stderr)
    macs = conv_macs(net, (1, 1, 256, 256))
    out = {
        "what": "Python Facemap FMnet inference on CPU",
        "video": video,
        "bbox": bbox,
        "add_padding": add_padding,
        "resize": resize,
        "channels": channels,
        "n_parameters": int(sum(p.numel() for p in net.parameters())),
        "conv_gflop_per_frame": 2 * macs / 1e9,
        "torch_threads": torch.get_num_threads(),
        "versions": mf.versions(),
        "notes": "end_to_end = Pose.predict_landmarks wall clock (decode + preprocess + network + predict + "
                 "back-projection; no file writing); facemap_reported_inference_fps excludes decoding",
        "results": results,
    }
    return out


if __name__ == "__main__":
    # facemap prints progress to stdout: send it to stderr so that stdout is the JSON alone
    with contextlib.redirect_stdout(sys.stderr):
        result = main()
    print(json.dumps(result, indent=1))
