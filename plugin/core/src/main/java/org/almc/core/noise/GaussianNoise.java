package org.almc.core.noise;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/** Additive white Gaussian noise: {@code R(z) = |y - z|^2 / (2 sigma^2)}. */
public final class GaussianNoise implements NoiseModel {

	private final double sigma;
	private final double inverseVariance;

	/** @param sigma noise standard deviation in normalized intensity units, &gt; 0 */
	public GaussianNoise(final double sigma) {
		if (!(sigma > 0) || !Double.isFinite(sigma)) {
			throw new IllegalArgumentException("The Gaussian noise sigma must be a positive number, got " + sigma);
		}
		this.sigma = sigma;
		this.inverseVariance = 1 / (sigma * sigma);
	}

	public double sigma() {
		return sigma;
	}

	@Override
	public double negativeLogLikelihood(final float[] z, final float[] y, final boolean[] valid) {
		double sum = 0;
		for (int i = 0; i < z.length; i++) {
			if (valid != null && !valid[i]) continue;
			final double r = z[i] - y[i];
			sum += r * r;
		}
		return 0.5 * sum * inverseVariance;
	}

	@Override
	public void gradient(final float[] z, final float[] y, final boolean[] valid, final float[] out) {
		for (int i = 0; i < z.length; i++) {
			out[i] = valid != null && !valid[i] ? 0f : (float) ((z[i] - y[i]) * inverseVariance);
		}
	}

	@Override
	public double lipschitz(final float[] y) {
		return inverseVariance;
	}

	@Override
	public Optional<float[]> quadraticVariances(final float[] y) {
		final float[] v = new float[y.length];
		Arrays.fill(v, (float) (sigma * sigma));
		return Optional.of(v);
	}

	@Override
	public void simulate(final float[] z, final SplittableRandom random, final float[] out) {
		for (int i = 0; i < z.length; i++) out[i] = (float) (z[i] + sigma * random.nextGaussian());
	}
}
