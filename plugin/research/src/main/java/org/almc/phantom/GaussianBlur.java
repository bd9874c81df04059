package org.almc.phantom;

import org.almc.core.util.Reflection;

/**
 * Separable Gaussian filtering of flat 2D planes (X fastest) with mirror borders (reflection
 * without repeating the edge pixel). Kernel truncated at 4 standard deviations and normalized.
 */
public final class GaussianBlur {

	private GaussianBlur() {}

	/** Returns a blurred copy of {@code plane} ({@code width x height}); {@code sigma <= 0} copies. */
	public static float[] blur(final float[] plane, final int width, final int height, final double sigma) {
		if (plane.length != width * height) {
			throw new IllegalArgumentException("Plane has " + plane.length + " values, expected " + width + "x" +
				height);
		}
		if (!(sigma > 0)) return plane.clone();
		final int radius = Math.max(1, (int) Math.ceil(4 * sigma));
		final float[] kernel = new float[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma *
			sigma));
		for (int i = 0; i < kernel.length; i++) kernel[i] /= sum;

		final float[] tmp = new float[plane.length];
		final float[] out = new float[plane.length];
		for (int y = 0; y < height; y++) {
			final int row = y * width;
			for (int x = 0; x < width; x++) {
				double acc = 0;
				for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * plane[row + Reflection.wholeSample(x + k, width)];
				tmp[row + x] = (float) acc;
			}
		}
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double acc = 0;
				for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * tmp[Reflection.wholeSample(y + k, height) * width + x];
				out[y * width + x] = (float) acc;
			}
		}
		return out;
	}
}
