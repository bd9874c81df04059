package org.almc.core.noise;

import org.almc.core.ImageShape;

/** Separable box means over every axis of an image, with replicated borders. */
public final class BoxMean {

	private BoxMean() {}

	/** The mean of {@code y} over the {@code (2 radius + 1)}-wide box around each pixel (clamped at the borders). */
	public static float[] of(final float[] y, final ImageShape shape, final int radius) {
		float[] cur = y.clone();
		float[] next = new float[y.length];
		int stride = 1;
		for (int d = 0; d < shape.numDimensions(); d++) {
			final int len = shape.dim(d);
			final int outer = y.length / (len * stride);
			final double[] line = new double[len];
			for (int o = 0; o < outer; o++) {
				for (int s = 0; s < stride; s++) {
					final int base = o * len * stride + s;
					for (int k = 0; k < len; k++) line[k] = cur[base + k * stride];
					for (int k = 0; k < len; k++) {
						double sum = 0;
						for (int j = k - radius; j <= k + radius; j++) sum += line[Math.min(len - 1, Math.max(0, j))];
						next[base + k * stride] = (float) (sum / (2 * radius + 1));
					}
				}
			}
			final float[] t = cur;
			cur = next;
			next = t;
			stride *= len;
		}
		return cur;
	}
}
