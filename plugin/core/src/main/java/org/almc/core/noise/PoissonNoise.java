package org.almc.core.noise;

import java.util.SplittableRandom;

/**
 * Pure shot noise: photon counts {@code k = photonsPerUnit y ~ Poisson(lambda)},
 * {@code lambda = photonsPerUnit (z + background)}. The negative log-likelihood
 * {@code f(lambda) = lambda - k log(lambda)} is convex but not smooth near {@code lambda = 0}; below a
 * floor {@code epsilon} (in counts) it is continued by its second-order Taylor expansion at
 * {@code epsilon}, which keeps it convex with a Lipschitz gradient
 * {@code L = photonsPerUnit^2 max(k) / epsilon^2}.
 */
public final class PoissonNoise implements NoiseModel {

	private final double photonsPerUnit;
	private final double background;
	private final double floor;

	/**
	 * @param photonsPerUnit expected photon count for a normalized intensity of 1, &gt; 0
	 * @param background background in normalized units, &ge; 0
	 * @param floor smoothing floor {@code epsilon} in counts, &gt; 0 (1 is a good default)
	 */
	public PoissonNoise(final double photonsPerUnit, final double background, final double floor) {
		if (!(photonsPerUnit > 0) || !Double.isFinite(photonsPerUnit)) {
			throw new IllegalArgumentException("Photons per unit must be positive, got " + photonsPerUnit);
		}
		if (!(background >= 0)) throw new IllegalArgumentException("The background must be >= 0, got " + background);
		if (!(floor > 0)) throw new IllegalArgumentException("The smoothing floor must be > 0 counts, got " + floor);
		this.photonsPerUnit = photonsPerUnit;
		this.background = background;
		this.floor = floor;
	}

	private double counts(final float y) {
		return Math.max(0, photonsPerUnit * y);
	}

	/** {@code f(lambda)} with its quadratic continuation below the floor. */
	private double f(final double lambda, final double k) {
		if (lambda >= floor) return lambda - k * Math.log(lambda);
		final double d = lambda - floor;
		return floor - k * Math.log(floor) + (1 - k / floor) * d + 0.5 * k / (floor * floor) * d * d;
	}

	private double fPrime(final double lambda, final double k) {
		if (lambda >= floor) return 1 - k / lambda;
		return (1 - k / floor) + k / (floor * floor) * (lambda - floor);
	}

	@Override
	public double negativeLogLikelihood(final float[] z, final float[] y, final boolean[] valid) {
		double sum = 0;
		for (int i = 0; i < z.length; i++) {
			if (valid != null && !valid[i]) continue;
			sum += f(photonsPerUnit * (z[i] + background), counts(y[i]));
		}
		return sum;
	}

	@Override
	public void gradient(final float[] z, final float[] y, final boolean[] valid, final float[] out) {
		for (int i = 0; i < z.length; i++) {
			out[i] = valid != null && !valid[i] ? 0f
				: (float) (photonsPerUnit * fPrime(photonsPerUnit * (z[i] + background), counts(y[i])));
		}
	}

	@Override
	public double lipschitz(final float[] y) {
		double maxCount = 0;
		for (final float v : y) maxCount = Math.max(maxCount, counts(v));
		return photonsPerUnit * photonsPerUnit * Math.max(maxCount, 1e-12) / (floor * floor);
	}

	@Override
	public void simulate(final float[] z, final SplittableRandom random, final float[] out) {
		for (int i = 0; i < z.length; i++) {
			out[i] = (float) (poisson(photonsPerUnit * Math.max(z[i] + background, 0), random) / photonsPerUnit);
		}
	}

	/** A Poisson variate: inversion for small means, a continuity-corrected normal approximation above 1000. */
	public static long poisson(final double mean, final SplittableRandom random) {
		if (mean <= 0) return 0;
		if (mean > 1000) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
		if (mean > 30) {
			// split into independent parts so exp(-part) stays well above underflow
			final int parts = (int) Math.ceil(mean / 30);
			long k = 0;
			for (int p = 0; p < parts; p++) k += poisson(mean / parts, random);
			return k;
		}
		final double limit = Math.exp(-mean);
		double product = random.nextDouble();
		long k = 0;
		while (product > limit) {
			k++;
			product *= random.nextDouble();
		}
		return k;
	}
}
