#!/bin/bash
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
# Training speed: Java (PoseTrainer) and, when the reference venv exists, Python Facemap (the anchor), one after
# the other on the same 10 mouse-face frames, FMnet 16/32/64/128/200, batch 1, 3 epochs, Facemap's recipe.
# Prints one JSON line per side and the ratio. Usage: scripts/bench/training.sh [frames] [epochs]
set -e
cd "$(dirname "$0")/../.."
FRAMES=${1:-10}
EPOCHS=${2:-3}
mvn -o -q -B test-compile
CPF=$(mktemp)
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=$CPF >/dev/null
CP=$(cat $CPF)
JAVA_OUT=$(OMP_NUM_THREADS=${THREADS:-2} java -Dai.djl.offline=true -Dfacemap.shared=../shared -Dai.djl.pytorch.num_threads=${THREADS:-2} \
	-cp target/classes:target/test-classes:$CP sc.fiji.facemap.pose.TrainingDriver anchor frames=$FRAMES epochs=$EPOCHS 2>/dev/null | grep '^{' | tail -1)
echo "$JAVA_OUT"
PY=~/.cache/facemap-reference/venv/bin/python
if [ -x "$PY" ] && [ -f scripts/reference/bench_training.py ]; then
	PY_OUT=$($PY scripts/reference/bench_training.py --frames $FRAMES --epochs $EPOCHS --threads ${THREADS:-2} 2>/dev/null)
	echo "$PY_OUT"
	python3 - "$JAVA_OUT" "$PY_OUT" <<'PYEOF'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ps = p.get("seconds_per_step_mean")
print("python seconds/step %.3f, java seconds/step %.3f, ratio java/python %.2f" % (ps, j["seconds_per_step"], j["seconds_per_step"] / ps))
PYEOF
else
	echo "no reference venv: Python anchor skipped"
fi
