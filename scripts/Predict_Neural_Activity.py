#@ String (label = "Behaviour file (_FacemapPose.h5, _proc.npy, .npy, .csv, FILE.mat:var)") behavior
#@ String (label = "Neural activity file (neurons x time .npy, FILE.mat:var, FILE.h5:dataset)") neural
#@ String (label = "Model", choices = {"network", "ridge", "rrr"}, value = "network") model
#@ Integer (label = "Epochs (network)", value = 300, min = 1) epochs
#@ File (label = "Output folder", style = "directory") out_dir

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

# Predicts neural activity from behaviour with the core API (no dialog, no window): the same code that
# "Plugins > Facemap > Train Neural Encoder..." and "facemap neural" run. Prints the held-out variance explained
# of every model fitted and writes Facemap's neural_predictions.npy (and .h5, the encoder .pt, the latents).
# Run it from Fiji's Script Editor (language: Python), or headless:
#   fiji --headless --console --run Predict_Neural_Activity.py \
#     'behavior="/data/s1_data.mat:vel,pos",neural="/data/s1_data.mat:spikes",model="rrr",epochs=300,out_dir="/tmp/out"'

import sys

from sc.fiji.facemap.neural import NeuralEncoder, NeuralFiles, NeuralOutputs, NeuralSettings, NeuralSources
from sc.fiji.facemap.task import Progress

progress = Progress.logTo(lambda line: sys.stdout.write(line + "\n"))

# The input files (FILE:var picks a variable of a .mat/.h5 file); timestamps, positions and layouts are optional:
# sources.withTimes(behavior_times, neural_times), sources.withPositions(positions_file), ...
sources = NeuralSources.of(behavior, neural)
loaded = NeuralFiles.load(sources, progress)
inputs = loaded.inputs()
print("%d frames x %d features, %d neurons x %d samples" % (inputs.frames(), inputs.features(), inputs.neurons(), inputs.samples()))

# The model's settings: the same keys as the menu command and "facemap neural"; everything else keeps its default.
# "baselines": True also fits the other two models (for comparison; the network then trains too).
settings = NeuralSettings.DEFAULTS.withOptions({"model": model, "epochs": epochs, "baselines": False})
result = NeuralEncoder.fit(inputs, settings, progress)

for score in result.scores():
	print("%-8s held-out variance explained %.4f (mean per neuron %.4f)" % (score.model().key(), score.varexp(), score.meanNeuronVarexp()))

written = NeuralOutputs.write(out_dir.toPath(), None, loaded, result)
for f in written.all():
	print("wrote %s" % f)
