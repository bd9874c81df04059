package org.almc.core.sampler;

import org.almc.core.Likelihood;
import org.almc.core.NoiseLevels;

/**
 * The Gaussian that stands in for the noised prior {@code p_T} at the level where annealing starts:
 * {@code N(e^{-T} m, (e^{-2T} c + 1 - e^{-2T}) I)}, with {@code m} and {@code c} the mean and variance of a
 * clean image's pixels as the data show them ({@link Likelihood#cleanMoments()}). The warm start draws from
 * it tilted by the likelihood. At a large start level it is the paper's {@code N(0, I)}; at a start level
 * near the data's noise it keeps the directions that the measurement does not decide (those a blur
 * removes) at the prior's scale there, where {@code N(0, I)} would leave them at unit variance, far from
 * the target.
 */
record WarmStartLaw(double mean, double variance) {

	static WarmStartLaw at(final double t, final Likelihood likelihood) {
		final double decay = Math.exp(-2 * t);
		final Likelihood.PixelMoments m = likelihood.cleanMoments().orElse(new Likelihood.PixelMoments(0, 1));
		return new WarmStartLaw(Math.exp(-t) * m.mean(), decay * m.variance() + NoiseLevels.noiseVariance(t));
	}

	/** Chain states drawn from this law. */
	float[][] states(final ChainWork work, final int n) {
		final float[][] x = work.gaussianStates(n, Math.sqrt(variance));
		for (final float[] xc : x) {
			for (int i = 0; i < n; i++) xc[i] += (float) mean;
		}
		return x;
	}
}
