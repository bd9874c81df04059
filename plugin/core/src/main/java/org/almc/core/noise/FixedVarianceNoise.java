package org.almc.core.noise;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Weighted least squares with per-pixel variances fixed for one measurement,
 * {@code R(z) = sum_i (z_i - y_i)^2 / (2 v_i)}: a camera model bound to its data
 * ({@link PoissonGaussianNoise#bind}). Simulation is the camera's.
 */
final class FixedVarianceNoise implements NoiseModel {

	private final float[] variances;
	private final double maxWeight;
	private final NoiseModel camera;

	FixedVarianceNoise(final float[] variances, final NoiseModel camera) {
		double max = 0;
		for (final float v : variances) {
			if (!(v > 0)) throw new IllegalArgumentException("Variances must be positive, got " + v);
			max = Math.max(max, 1 / v);
		}
		this.variances = variances;
		this.maxWeight = max;
		this.camera = camera;
	}

	private void check(final float[] y) {
		if (y.length != variances.length) {
			throw new IllegalArgumentException("This noise model was bound to data of " + variances.length + " pixels, got " + y.length);
		}
	}

	@Override
	public double negativeLogLikelihood(final float[] z, final float[] y, final boolean[] valid) {
		check(y);
		double sum = 0;
		for (int i = 0; i < z.length; i++) {
			if (valid != null && !valid[i]) continue;
			final double r = z[i] - y[i];
			sum += r * r / variances[i];
		}
		return 0.5 * sum;
	}

	@Override
	public void gradient(final float[] z, final float[] y, final boolean[] valid, final float[] out) {
		check(y);
		for (int i = 0; i < z.length; i++) out[i] = valid != null && !valid[i] ? 0f : (z[i] - y[i]) / variances[i];
	}

	@Override
	public double lipschitz(final float[] y) {
		return maxWeight;
	}

	@Override
	public Optional<float[]> quadraticVariances(final float[] y) {
		check(y);
		return Optional.of(variances.clone());
	}

	@Override
	public void simulate(final float[] z, final SplittableRandom random, final float[] out) {
		camera.simulate(z, random, out);
	}
}
