package org.almc.core.psf;

/** Optical path terms of a plane layer, written without cancellation. */
final class OpticalPath {

	private OpticalPath() {}

	/**
	 * The optical path of a layer of thickness {@code t} and index {@code n} for a ray of
	 * {@code n sin(angle) = s}, less its on-axis value: {@code t (sqrt(n^2 - s^2) - n)
	 * = -t s^2 / (sqrt(n^2 - s^2) + n)}. Requires {@code s <= n}.
	 */
	static double layer(final double t, final double n, final double s) {
		final double s2 = s * s;
		return -t * s2 / (Math.sqrt(Math.max(n * n - s2, 0)) + n);
	}
}
