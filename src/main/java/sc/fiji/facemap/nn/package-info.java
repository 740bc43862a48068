/*-
 * #%L
 * Facemap for Fiji.
 * %%
 * Copyright (C) 2026 Facemap for Fiji developers.
 * %%
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 * #L%
 */
/**
 * Generic network plumbing on DJL/PyTorch, shared by every network of the suite (the keypoint network in
 * {@code pose}, the neural encoder to come): the device choice with CPU fallback ({@link sc.fiji.facemap.nn.Devices}),
 * PyTorch's Adam update with gradient-norm clipping ({@link sc.fiji.facemap.nn.Adam}), step learning-rate schedules
 * ({@link sc.fiji.facemap.nn.LearningRateSchedule}), copying between PyTorch state dicts ({@link sc.fiji.facemap.io.Tensor}
 * maps) and DJL arrays ({@link sc.fiji.facemap.nn.StateDicts}) and the tensor blocks of training checkpoints
 * ({@link sc.fiji.facemap.nn.TensorBlocks}). UI-free; imports only {@code io}, {@code job} and {@code task}.
 */
package sc.fiji.facemap.nn;
