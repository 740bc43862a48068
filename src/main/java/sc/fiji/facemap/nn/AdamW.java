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

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;

/**
 * PyTorch's AdamW (decoupled weight decay; {@code torch.optim.AdamW} with amsgrad off) on a map of DJL parameters:
 * p &lt;- p (1 - lr wd), then the Adam step lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps). The moments live in a
 * sub-manager of the parameters' manager; {@link #close()} frees them. Call {@link #step} after a
 * {@code GradientCollector} computed the gradients; it zeroes them. Optionally the gradients are first clipped to a
 * total norm ({@link #clipGradientNorm}, torch's {@code clip_grad_norm_}), and the moments can be saved and restored
 * for a training checkpoint ({@link #moments}, {@link #restore}). With weight decay 0 this is also {@code torch.optim.Adam}.
 */
public final class AdamW implements AutoCloseable {

	private final Map<String, NDArray> params;
	private final NDManager manager;
	private final Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
	private final double beta1, beta2, eps;
	private double weightDecay;
	private double clipNorm;
	private long step;

	public AdamW(Map<String, NDArray> params, NDManager parent, double weightDecay) {
		this(params, parent, weightDecay, 0.9, 0.999, 1e-8);
	}

	public AdamW(Map<String, NDArray> params, NDManager parent, double weightDecay, double beta1, double beta2, double eps) {
		this.params = params;
		this.manager = parent.newSubManager();
		this.weightDecay = weightDecay;
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.eps = eps;
		for (Map.Entry<String, NDArray> e : params.entrySet()) {
			NDArray p = e.getValue();
			m.put(e.getKey(), manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
			v.put(e.getKey(), manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
		}
	}

	public long steps() {
		return step;
	}

	/**
	 * Scales the gradients before every step so that their total (L2, over all parameters) norm is at most
	 * {@code maxNorm}, as torch's {@code clip_grad_norm_(params, maxNorm)} (scale maxNorm / (norm + 1e-6) when below 1).
	 * 0 (the default) turns clipping off.
	 */
	public AdamW clipGradientNorm(double maxNorm) {
		if (!(maxNorm >= 0)) throw new IllegalArgumentException("gradient norm limit must be 0 (none) or positive, got " + maxNorm);
		this.clipNorm = maxNorm;
		return this;
	}

	/** The first ({@code second == false}) or second moments, by parameter name (for a checkpoint). */
	public Map<String, Tensor> moments(boolean second) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : (second ? v : m).entrySet())
			out.put(e.getKey(), Tensor.ofFloats(e.getValue().getShape().getShape(), e.getValue().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()));
		return out;
	}

	/** Restores moments and the step count saved with {@link #moments} and {@link #steps}. */
	public void restore(Map<String, Tensor> first, Map<String, Tensor> second, long steps) {
		copy(first, m);
		copy(second, v);
		this.step = steps;
	}

	private static void copy(Map<String, Tensor> from, Map<String, NDArray> to) {
		for (Map.Entry<String, Tensor> e : from.entrySet()) {
			NDArray a = to.get(e.getKey());
			if (a == null) throw new FacemapException("optimiser state names an unknown parameter " + e.getKey());
			a.set(e.getValue().floats());
		}
	}

	private void clip() {
		try (NDManager tm = manager.newSubManager()) {
			double total = 0;
			java.util.List<NDArray> grads = new java.util.ArrayList<>();
			for (NDArray p : params.values()) {
				NDArray g = p.getGradient();
				g.attach(tm);
				grads.add(g);
				float n = g.norm().getFloat();
				total += (double) n * n;
			}
			double coef = clipNorm / (Math.sqrt(total) + 1e-6);
			if (coef < 1) for (NDArray g : grads) g.muli((float) coef);
		}
	}

	/** One update with learning rate {@code lr}; gradients are read from the parameters and zeroed. */
	public void step(double lr) {
		boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
		ai.djl.pytorch.jni.JniUtils.setGradMode(false);
		try {
			if (clipNorm > 0) clip();
			step++;
			double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
			float decay = (float) (1 - lr * weightDecay);
			for (Map.Entry<String, NDArray> e : params.entrySet()) {
				NDArray p = e.getValue();
				NDArray g = p.getGradient();
				try (NDManager tm = manager.newSubManager()) {
					g.attach(tm);
					if (weightDecay != 0) p.muli(decay);
					NDArray mm = m.get(e.getKey()), vv = v.get(e.getKey());
					mm.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
					vv.muli((float) beta2).addi(g.mul(g).muli((float) (1 - beta2)));
					NDArray denom = vv.sqrt().divi((float) Math.sqrt(bc2)).addi((float) eps);
					p.subi(mm.div(denom).muli((float) (lr / bc1)));
					g.muli(0f);
				}
			}
		}
		finally {
			ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
