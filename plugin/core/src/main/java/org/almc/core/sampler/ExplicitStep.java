package org.almc.core.sampler;

import org.almc.core.NoiseLevels;

/**
 * The paper's step: {@code x <- x + delta_t (s(x, t) - grad R(x)) + sqrt(2 delta_t) xi} with
 * {@code delta_t = c min(1 - e^{-2t}, 1 / L_R)}, bounded by the prior's curvature and the likelihood's.
 */
final class ExplicitStep implements StepKernel {

	private final ChainWork work;
	private final double stepScale;
	private final double lipschitz;
	private double delta;

	ExplicitStep(final ChainWork work, final double stepScale, final double lipschitz) {
		this.work = work;
		this.stepScale = stepScale;
		this.lipschitz = lipschitz;
	}

	@Override
	public void atLevel(final double t) {
		final double scoreLimit = NoiseLevels.noiseVariance(t);
		delta = stepScale * (lipschitz > 0 ? Math.min(scoreLimit, 1 / lipschitz) : scoreLimit);
	}

	@Override
	public void step(final float[][] x, final float[][] score) {
		step(work, x, score, delta);
	}

	/** {@code x <- x + delta (s - grad R(x)) + sqrt(2 delta) xi} for every chain; {@code score} is overwritten. */
	static void step(final ChainWork work, final float[][] x, final float[][] score, final double delta) {
		final float d = (float) delta;
		final float noise = (float) Math.sqrt(2 * delta);
		work.subtractGradients(x, score);
		work.forEachChain((c, l, g, r) -> {
			final float[] xc = x[c], drift = score[c];
			for (int i = 0; i < xc.length; i++) xc[i] += d * drift[i] + noise * (float) r.nextGaussian();
		});
	}
}
