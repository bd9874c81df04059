package org.almc.core.sampler;

import java.util.Optional;

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

	/**
	 * The chains' warm start: this law tilted by the likelihood, drawn exactly where the likelihood offers
	 * it ({@code exact}), else by {@code langevinSteps} of unadjusted Langevin
	 * {@code x <- x - h ((x - m) / q + grad R(x)) + sqrt(2h) xi}, {@code h = 0.5 / (1 / q + L_R)}, from the law
	 * itself. Each Langevin step checks {@code monitor} for cancellation and reports as step {@code k} of
	 * {@code total}.
	 */
	float[][] tilted(final Likelihood likelihood, final Optional<Likelihood.WarmStart> exact, final ChainWork work, final int langevinSteps,
		final SamplerMonitor monitor, final int total)
	{
		final int n = likelihood.shape().size();
		if (exact.isPresent()) {
			final float[][] x = new float[work.chains()][n];
			work.forEachChain((c, l, g, r) -> exact.get().sample(r, x[c]));
			return x;
		}
		final float[][] x = states(work, n);
		final double precision = 1 / variance;
		final float h = (float) (0.5 / (precision + likelihood.lipschitz()));
		final float noise = (float) Math.sqrt(2 * h);
		final float m = (float) mean, p = (float) precision;
		for (int k = 0; k < langevinSteps; k++) {
			AlmcSampler.checkCancelled(monitor);
			work.forEachChain((c, l, g, r) -> {
				l.gradient(x[c], g);
				final float[] xc = x[c];
				for (int i = 0; i < n; i++) xc[i] += -h * (p * (xc[i] - m) + g[i]) + noise * (float) r.nextGaussian();
			});
			monitor.progress(k + 1, total);
		}
		return x;
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
