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
 * Keypoint tracking (UI-free core): Facemap's network {@link sc.fiji.facemap.pose.FMnet} with Facemap's state-dict
 * key names, models ({@link sc.fiji.facemap.pose.PoseModel}, {@link sc.fiji.facemap.pose.PoseModels}), Facemap's
 * preprocessing ({@link sc.fiji.facemap.pose.FramePreprocessor}, {@link sc.fiji.facemap.pose.CropGeometry}) and
 * postprocessing ({@link sc.fiji.facemap.pose.HeatmapDecoder}), the batched tracker
 * ({@link sc.fiji.facemap.pose.PoseTracker}), a run with its output files ({@link sc.fiji.facemap.pose.TrackingJob})
 * and Facemap's outlier filter ({@link sc.fiji.facemap.pose.OutlierFilter}); plus the training code.
 * <p>
 * <b>Normalisation.</b> Facemap scales intensities with the 1st and 99th percentiles of the whole batch, so the same
 * frame can give slightly different keypoints with another batch size or other neighbours in its batch. Here the
 * default is per-frame percentiles (batch-independent; identical to Facemap run with batch size 1), and Facemap's
 * batch-wide behaviour is the option {@code normalization = batch}, which reproduces Facemap's numbers for the same
 * batch size (checked against Python Facemap 1.0.8 in PoseParityTest).
 */
package sc.fiji.facemap.pose;
