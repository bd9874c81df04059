package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.noise.PoissonNoise;
import org.almc.model.PercentileNormalization;
import org.junit.jupiter.api.Test;

/** The one pass for a noise spec: Gaussian noise at its level, camera noise through its stabilizer. */
class PriorDenoiserTest {

	private static final PercentileNormalization.Fit UNIT = new PercentileNormalization.Fit(0, 1);

	@Test
	void gaussianNoiseIsOnePassAtItsSigma() throws RestorationException {
		final PriorDenoiser denoiser = new PriorDenoiser(TestPriors.iidGaussian(0.5, 0.1), TestPriors.metadata(), 512);
		final SplittableRandom r = new SplittableRandom(4);
		final float[] y = new float[64 * 64];
		for (int i = 0; i < y.length; i++) y[i] = (float) (0.5 + 0.2 * r.nextGaussian());
		assertArrayEquals(denoiser.denoise(y, 64, 64, UNIT, 0.2), denoiser.denoise(y, 64, 64, UNIT, new NoiseSpec.Gaussian(0.2)), 1e-6f);
	}

	/**
	 * A plane half dim (4 photons) and half bright (400), with the prior that the stabilized plane is
	 * flat at each half's own level (an iid Gaussian prior of variance 1e-6 around it): the stabilized
	 * pass returns each half's photon count within a few percent, where the pass at the plane's one
	 * equivalent level would be pulled far from both. Checks that the forward transform, the
	 * normalization of the stabilized values and the unbiased inverse fit together.
	 */
	@Test
	void theStabilizedPassReturnsEachLevelUnbiased() {
		final double gain = 2, offset = 100;
		final AnscombeTransform camera = new AnscombeTransform(gain, offset, 0);
		final int w = 64, h = 64;
		final SplittableRandom r = new SplittableRandom(9);
		final float[] y = new float[w * h];
		for (int i = 0; i < y.length; i++) y[i] = (float) (offset + gain * PoissonNoise.poisson(i % w < w / 2 ? 4 : 400, r));
		// normalization: raw 0 photons -> 0, 400 photons -> 1; in stabilized units the dim half sits at 4 photons' expectation
		final PercentileNormalization.Fit fit = new PercentileNormalization.Fit(offset, 400 * gain);
		final double low = camera.forward(offset), high = camera.forward(offset + 400 * gain);
		final double dim = (expectedAnscombe(4) - low) / (high - low), bright = (expectedAnscombe(400) - low) / (high - low);
		for (final double level : new double[] { dim, bright }) {
			final PriorDenoiser denoiser = new PriorDenoiser(TestPriors.iidGaussian(level, 1e-6), TestPriors.metadata(), 512);
			final float[] out = denoiser.denoise(y, w, h, fit, camera);
			final double photons = (out[level == dim ? 0 : w - 1] - offset) / gain, truth = level == dim ? 4 : 400;
			assertTrue(Math.abs(photons - truth) < 0.03 * truth, "level " + truth + " photons: got " + photons);
		}
	}

	/** {@code E[2 sqrt(n + 3/8)]} for {@code n ~ Poisson(lambda)}, summed over the distribution. */
	static double expectedAnscombe(final double lambda) {
		double p = Math.exp(-lambda), sum = 0;
		for (int n = 0; n < 10 * lambda + 50; n++) {
			sum += p * 2 * Math.sqrt(n + 0.375);
			p *= lambda / (n + 1);
		}
		return sum;
	}
}
