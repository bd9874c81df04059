package org.almc.tf;

import java.util.Arrays;

/**
 * Estimates the standard deviation of additive white Gaussian noise in a plane from its
 * high-pass residual (Immerkaer 1996): the 3x3 kernel
 * <pre>
 *  1 -2  1
 * -2  4 -2
 *  1 -2  1
 * </pre>
 * cancels smooth (locally linear) content and maps white noise of std {@code sigma} to noise of std
 * {@code 6 sigma} (the kernel's L2 norm). The median absolute deviation of the residual, times
 * 1.4826 / 6, makes the estimate robust to edges and bright structures.
 */
public final class NoiseLevelEstimator {

	private NoiseLevelEstimator() {}

	/** Noise std of a {@code width x height} plane (X fastest), in its own intensity units. */
	public static double estimate(final float[] plane, final int width, final int height) {
		if (width < 3 || height < 3) {
			throw new IllegalArgumentException("Noise estimation needs at least 3x3 pixels, got " + width + "x" + height);
		}
		final float[] residual = new float[(width - 2) * (height - 2)];
		int k = 0;
		for (int y = 1; y < height - 1; y++) {
			for (int x = 1; x < width - 1; x++) {
				final int i = y * width + x;
				residual[k++] = plane[i - width - 1] - 2 * plane[i - width] + plane[i - width + 1] - 2 * plane[i - 1] + 4 *
					plane[i] - 2 * plane[i + 1] + plane[i + width - 1] - 2 * plane[i + width] + plane[i + width + 1];
			}
		}
		final double median = median(residual.clone());
		for (int i = 0; i < residual.length; i++) residual[i] = (float) Math.abs(residual[i] - median);
		return 1.4826 * median(residual) / 6;
	}

	private static double median(final float[] values) {
		Arrays.sort(values);
		final int n = values.length;
		return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
	}
}
