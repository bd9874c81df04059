package org.almc.core.psf;

/**
 * The Bessel function of the first kind of order zero, {@code J0(x)}, to about {@code 1e-11} absolute.
 * <ul>
 * <li>{@code |x| < 12}: the power series {@code J0(x) = sum_m (-x^2/4)^m / (m!)^2} (largest term about
 * {@code 4e3}, so the rounding error stays below {@code 1e-12}).</li>
 * <li>{@code |x| >= 12}: Hankel's asymptotic expansion {@code J0(x) = sqrt(2 / (pi x)) (P cos chi - Q sin chi)},
 * {@code chi = x - pi/4}, {@code P = sum_k (-1)^k b_2k}, {@code Q = -sum_k (-1)^k b_(2k+1)},
 * {@code b_m = prod_(j<=m) (2j-1)^2 / (m! (8x)^m)}, summed until the terms stop decreasing
 * (truncation error about {@code exp(-2x) < 4e-11}).</li>
 * </ul>
 */
final class BesselJ0 {

	private static final double SERIES_LIMIT = 12;

	private BesselJ0() {}

	static double value(final double x) {
		final double ax = Math.abs(x);
		return ax < SERIES_LIMIT ? series(ax) : asymptotic(ax);
	}

	private static double series(final double x) {
		final double q = -0.25 * x * x;
		double term = 1;
		double sum = 1;
		for (int m = 1; m < 80; m++) {
			term *= q / ((double) m * m);
			sum += term;
			if (Math.abs(term) < 1e-17 * Math.abs(sum) && m > 2) break;
		}
		return sum;
	}

	private static double asymptotic(final double x) {
		final double eightX = 8 * x;
		double p = 1;
		double q = 0;
		double b = 1;
		for (int m = 1; m < 200; m++) {
			final double odd = 2 * m - 1;
			final double next = b * odd * odd / (m * eightX);
			if (next >= b) break;
			b = next;
			// m = 1: -b1 (Q), m = 2: -b2 (P), m = 3: +b3 (Q), m = 4: +b4 (P), ...
			final double sign = ((m + 1) / 2) % 2 == 1 ? -1 : 1;
			if (m % 2 == 1) q += sign * b;
			else p += sign * b;
			if (b < 1e-17) break;
		}
		final double chi = x - 0.25 * Math.PI;
		return Math.sqrt(2 / (Math.PI * x)) * (p * Math.cos(chi) - q * Math.sin(chi));
	}
}
