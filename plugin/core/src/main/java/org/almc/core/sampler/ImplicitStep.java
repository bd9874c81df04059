package org.almc.core.sampler;

import org.almc.core.ImplicitLikelihood;
import org.almc.core.NoiseLevels;

/**
 * The step explicit in the prior and implicit in a weighted-least-squares likelihood
 * ({@link ImplicitLikelihood#implicitStep}), {@code delta_t = c (1 - e^{-2t})}: bounded by the prior's
 * curvature only, however sharp the measurement. Where the data pin an image down (bright, sharp,
 * deconvolved), the explicit steps are bounded by {@code 1 / L_R} and crawl in the directions the prior
 * decides; these steps keep the prior's pace there, and draw the directions the data decide afresh.
 */
final class ImplicitStep implements StepKernel {

	private final ChainWork work;
	private final double stepScale;
	private double delta;

	ImplicitStep(final ChainWork work, final double stepScale) {
		this.work = work;
		this.stepScale = stepScale;
	}

	@Override
	public void atLevel(final double t) {
		delta = stepScale * NoiseLevels.noiseVariance(t);
	}

	@Override
	public void step(final float[][] x, final float[][] score) {
		work.forEachChain((c, l, g, r) -> ((ImplicitLikelihood) l).implicitStep(x[c], score[c], delta, r));
	}
}
