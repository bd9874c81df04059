package org.almc.core.sampler;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.NoiseLevels;
import org.almc.core.ScoreModel;

/**
 * Baseline: plain (non-annealed) unadjusted Langevin on the posterior with the prior score at the
 * smallest noise level {@code tau}, started from noise {@code N(0, I)}:
 * {@code x <- x + delta (s(x, tau) - grad R(x)) + sqrt(2 delta) xi}, with the same step rule as ALMC at
 * {@code tau}, {@code delta = stepScale min(1 - e^{-2 tau}, 1 / L_R)}.
 */
public final class LangevinSampler implements PosteriorSampler {

	private final ScoreModel model;
	private final double sigma;
	private final int steps;
	private final double stepScale;
	private final boolean tweedie;

	/**
	 * @param sigma the prior noise level {@code sigma(tau)} whose score is used
	 * @param steps Langevin steps (= network evaluations per chain, plus one with Tweedie)
	 */
	public LangevinSampler(final ScoreModel model, final double sigma, final int steps, final double stepScale,
		final boolean tweedie)
	{
		if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
		if (steps < 1) throw new IllegalArgumentException("Need at least one step, got " + steps);
		if (!(stepScale > 0 && stepScale < 1)) throw new IllegalArgumentException("The step scale must be in (0, 1), got " + stepScale);
		this.model = model;
		this.sigma = sigma;
		this.steps = steps;
		this.stepScale = stepScale;
		this.tweedie = tweedie;
	}

	@Override
	public String name() {
		return "langevin";
	}

	@Override
	public PosteriorSamples sample(final Likelihood likelihood, final int chains, final SplittableRandom random,
		final SamplerMonitor monitor)
	{
		final ImageShape shape = likelihood.shape();
		final int n = shape.size();
		final ChainWork work = new ChainWork(likelihood, chains, random);
		final float[][] x = work.gaussianStates(n, 1);
		final double t = NoiseLevels.time(sigma);
		final double lipschitz = likelihood.lipschitz();
		final double limit = NoiseLevels.noiseVariance(t);
		final double delta = stepScale * (lipschitz > 0 ? Math.min(limit, 1 / lipschitz) : limit);
		final ScoreEvaluator scorer = new ScoreEvaluator(model, shape, chains);
		final float[][] s = new float[chains][n];
		final int total = steps + (tweedie ? 1 : 0);
		for (int k = 0; k < steps; k++) {
			AlmcSampler.checkCancelled(monitor);
			scorer.score(x, t, s);
			ExplicitStep.step(work, x, s, delta);
			monitor.progress(k + 1, total);
		}
		if (tweedie) {
			scorer.cleanEstimate(x, t, x);
			monitor.progress(total, total);
		}
		return new PosteriorSamples(shape, x, scorer.evaluations(), 0);
	}
}
