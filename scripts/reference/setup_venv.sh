#!/usr/bin/env bash
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
# Creates the Python environment used ONLY to (re)generate the reference fixtures under
# src/test/resources/reference/. The product, its tests and CI never run Python.
#
# Installs the real facemap==1.0.8 and torch==2.5.1 (the libtorch version DJL 0.33 runs) from PyPI into a
# virtual environment OUTSIDE the repository (default ~/.cache/facemap-reference/venv, override with
# FACEMAP_REF_VENV).
#
# PyPI's linux torch 2.5.1 wheel is the CUDA build; its nvidia-* dependencies add ~2.5 GB. We install torch with
# --no-deps plus its pure-Python dependencies; `import torch` on CPU works without the nvidia libraries only if the
# wheel's CUDA libraries are not hard-linked. If that check fails, the script falls back to the full install.
set -euo pipefail

VENV="${FACEMAP_REF_VENV:-$HOME/.cache/facemap-reference/venv}"
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV"
fi
PIP="$VENV/bin/python -m pip"
$PIP install --upgrade pip wheel setuptools >/dev/null

# torch without the nvidia-* packages first
$PIP install --no-deps torch==2.5.1
$PIP install filelock 'typing-extensions>=4.8.0' 'sympy==1.13.1' networkx jinja2 fsspec

if ! "$VENV/bin/python" -c 'import torch; torch.zeros(2) + 1' 2>/dev/null; then
  echo "torch --no-deps does not import on CPU; installing torch==2.5.1 with all its dependencies" >&2
  $PIP install torch==2.5.1
fi

# facemap 1.0.8 and the pins it needs (numpy 1.x, OpenCV < 4.10). The [gui] extra is needed even headless:
# facemap/pose/pose_helper_functions.py imports matplotlib, and facemap/pose/model_training.py imports
# facemap/gui/help_windows.py (qtpy + a Qt binding), so without it Pose.train / model_training are unusable.
$PIP install 'numpy<2' h5py 'opencv-python-headless<4.10' 'facemap[gui]==1.0.8' torch==2.5.1

"$VENV/bin/python" - <<'EOF'
import torch, numpy, cv2, h5py
from importlib.metadata import version
print("torch", torch.__version__, "numpy", numpy.__version__, "cv2", cv2.__version__,
      "h5py", h5py.__version__, "facemap", version("facemap"))
EOF
echo "venv ready: $VENV"
