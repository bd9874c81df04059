package org.almc.core.sampler;

import java.util.SplittableRandom;

import org.almc.core.CosineLikelihood;
import org.almc.core.Likelihood;
import org.almc.core.NoiseLevels;

/**
 * The step preconditioned by {@link CosinePreconditioner} (in pixels or in the DCT-II basis), its size
 * {@code c} times the preconditioner, shortened where the likelihood is stiffer than the preconditioner
 * assumes. Where the likelihood's gradient is cheapest in the DCT basis, the chains keep their coefficients
 * there too.
 */
final class PreconditionedStep implements StepKernel {

	/**
	 * Safety factor on the measured stiffness: the power iteration under-estimates the largest
	 * eigenvalue by a few percent after {@link #STIFFNESS_ITERATIONS}.
	 */
	private static final double STIFFNESS_MARGIN = 1.2;
	private static final int STIFFNESS_ITERATIONS = 30;

	private final ChainWork work;
	private final CosinePreconditioner preconditioner;
	private final double delta;
	/** The chains' DCT coefficients, where kept; null otherwise. */
	private final float[][] coefficients;

	/**
	 * @param x the chains' states after the warm start
	 * @param firstTime the first level's time, where the prior is weakest against the likelihood
	 */
	PreconditionedStep(final ChainWork work, final CosinePreconditioner preconditioner, final Likelihood likelihood,
		final double stepScale, final float[][] x, final double firstTime, final SplittableRandom random)
	{
		this.work = work;
		this.preconditioner = preconditioner;
		// M^{1/2} Hessian M^{1/2} <= 1 + stiffness (worst at the first level): the step keeps delta times
		// that bound at 2 stepScale, and is never longer than stepScale
		final double stiffness = preconditioner.likelihoodStiffness(likelihood, x[0], 1 / NoiseLevels.noiseVariance(firstTime), random,
			STIFFNESS_ITERATIONS);
		this.delta = stepScale * Math.min(1, 2 / (1 + STIFFNESS_MARGIN * stiffness));
		this.coefficients = !preconditioner.inPixelBasis() && CosineLikelihood.offeredBy(likelihood) ? new float[x.length][x[0].length] : null;
		if (coefficients != null) work.forEachChain((c, l, g, r) -> preconditioner.toCosineBasis(x[c], coefficients[c]));
	}

	@Override
	public void atLevel(final double t) {
		preconditioner.prepare(delta, 1 / NoiseLevels.noiseVariance(t));
	}

	@Override
	public void step(final float[][] x, final float[][] score) {
		if (coefficients != null) {
			work.forEachChain((c, l, g, r) -> preconditioner.cosineStep(x[c], coefficients[c], score[c], (CosineLikelihood) l, g, r));
			return;
		}
		work.subtractGradients(x, score);
		work.forEachChain((c, l, g, r) -> preconditioner.step(x[c], score[c], r));
	}
}
