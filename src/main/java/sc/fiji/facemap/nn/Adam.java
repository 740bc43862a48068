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
package sc.fiji.facemap.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;

/**
 * PyTorch's {@code torch.optim.Adam} update (betas 0.9, 0.999, eps 1e-8, bias corrections, L2 weight decay added to
 * the gradient) preceded by {@code clip_grad_norm_} over all parameters, on DJL arrays. With weight decay 0 (the
 * default everywhere in this suite) it is also what AdamW does. The moments live under a sub-manager of the given
 * one, released by {@link #close()}; {@link #moments} and {@link #restore} carry them through a checkpoint.
 */
public final class Adam implements AutoCloseable {

	public static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

	private final Map<String, NDArray> params;
	private final double clipNorm, weightDecay;
	private final NDManager manager;
	private final Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
	private long steps;

	/**
	 * @param params the trainable arrays by name (a live view is fine: the arrays must stay the same objects)
	 * @param clipNorm maximum total gradient norm (&lt;= 0 or infinite: no clipping)
	 * @param weightDecay L2 coefficient added to the gradient (0: none)
	 */
	public Adam(NDManager parent, Map<String, NDArray> params, double clipNorm, double weightDecay) {
		this.params = params;
		this.clipNorm = clipNorm;
		this.weightDecay = weightDecay;
		this.manager = parent.newSubManager();
		for (Map.Entry<String, NDArray> e : params.entrySet()) {
			m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
			v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
		}
	}

	/** Optimiser steps taken (PyTorch's {@code state['step']}). */
	public long steps() {
		return steps;
	}

	/**
	 * Clips the gradients, updates every parameter with learning rate {@code lr} and zeroes the gradients. Runs with
	 * PyTorch's grad mode off (it is process-wide, and a collector closed while it was on may have left it on).
	 */
	public void step(double lr) {
		boolean grad = JniUtils.isGradMode();
		JniUtils.setGradMode(false);
		try {
			update(lr);
		} finally {
			JniUtils.setGradMode(grad);
		}
	}

	private void update(double lr) {
		double total = 0;
		List<NDArray> grads = new ArrayList<>();
		for (NDArray p : params.values()) {
			NDArray g = p.getGradient();
			grads.add(g);
			float nn = g.norm().getFloat();
			total += (double) nn * nn;
		}
		total = Math.sqrt(total);
		double coef = clipNorm > 0 ? clipNorm / (total + 1e-6) : Double.POSITIVE_INFINITY;
		steps++;
		double bc1 = 1 - Math.pow(BETA1, steps), bc2 = 1 - Math.pow(BETA2, steps);
		int i = 0;
		for (Map.Entry<String, NDArray> e : params.entrySet()) {
			NDArray p = e.getValue();
			NDArray g = grads.get(i++);
			try (NDManager tm = manager.newSubManager()) {
				NDArray gg = g.duplicate();
				gg.attach(tm);
				if (coef < 1) gg.muli((float) coef);
				if (weightDecay != 0) gg.addi(p.mul((float) weightDecay));
				NDArray mm = m.get(e.getKey()), vv = v.get(e.getKey());
				mm.muli((float) BETA1).addi(gg.mul((float) (1 - BETA1)));
				vv.muli((float) BETA2).addi(gg.mul(gg).muli((float) (1 - BETA2)));
				NDArray denom = vv.sqrt().divi((float) Math.sqrt(bc2)).addi((float) EPS);
				p.subi(mm.div(denom).muli((float) (lr / bc1)));
			}
			g.muli(0f); // zero the gradient for the next step
			g.close();
		}
	}

	/** The first ({@code second == false}) or second moments as tensors, by parameter name. */
	public Map<String, Tensor> moments(boolean second) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : (second ? v : m).entrySet())
			out.put(e.getKey(), Tensor.ofFloats(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
		return out;
	}

	/** Restores the moments and step count saved by {@link #moments} and {@link #steps}. */
	public void restore(Map<String, Tensor> first, Map<String, Tensor> second, long step) {
		copy(first, m);
		copy(second, v);
		this.steps = step;
	}

	private static void copy(Map<String, Tensor> from, Map<String, NDArray> to) {
		for (Map.Entry<String, Tensor> e : from.entrySet()) {
			NDArray a = to.get(e.getKey());
			if (a == null) throw new FacemapException("optimiser state names an unknown parameter " + e.getKey());
			a.set(e.getValue().floats());
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
