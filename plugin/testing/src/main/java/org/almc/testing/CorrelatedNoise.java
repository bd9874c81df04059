package org.almc.testing;

/** Noise made correlated between neighbouring pixels, as tests of correlated noise simulate it. */
public final class CorrelatedNoise {

	private CorrelatedNoise() {}

	/**
	 * {@code noise} of a {@code width x height} plane filtered by {@code [kx 1 kx]} along x plus {@code [ky 1 ky]}
	 * along y (the two kernels sharing their centre), divided by {@code sqrt(1 + 2 kx^2 + 2 ky^2)} so that white
	 * noise keeps its variance: neighbour correlations {@code 2 kx} and {@code 2 ky} over that square, borders
	 * replicated.
	 */
	public static float[] filter(final float[] noise, final int width, final int height, final double kx, final double ky) {
		final double norm = Math.sqrt(1 + 2 * kx * kx + 2 * ky * ky);
		final float[] out = new float[noise.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final double n = noise[x + width * y] + kx * (noise[Math.max(0, x - 1) + width * y] + noise[Math.min(width - 1, x + 1) + width *
					y]) + ky * (noise[x + width * Math.max(0, y - 1)] + noise[x + width * Math.min(height - 1, y + 1)]);
				out[x + width * y] = (float) (n / norm);
			}
		}
		return out;
	}
}
