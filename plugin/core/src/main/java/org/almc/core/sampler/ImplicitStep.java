package org.almc.core.sampler;

import java.util.random.RandomGenerator;

import org.almc.core.ImplicitLikelihood;
import org.almc.core.NoiseLevels;

/**
 * The step explicit in the prior and implicit in a weighted-least-squares likelihood
 * ({@link ImplicitLikelihood#implicitStep}), {@code delta_t = c (1 - e^{-2t})}: bounded by the prior's
 * curvature only, however sharp the measurement. Where the data pin an image down (bright, sharp,
 * deconvolved), the explicit steps are bounded by {@code 1 / L_R} and crawl in the directions the prior
 * decides; these steps keep the prior's pace there, and draw the directions the data decide afresh.
 * <p>
 * The Gaussian draws are shared between consecutive steps, as in the Leimkuhler-Matthews scheme: step
 * {@code k} takes {@code sqrt(delta / 2) (xi_k + xi_{k+1})} as its prior noise and
 * {@code (zeta_k + zeta_{k+1}) / sqrt(2)} as its data perturbation, and step {@code k + 1} reuses
 * {@code xi_{k+1}} and {@code zeta_{k+1}}. On a Gaussian prior of precision {@code lambda} times a
 * Gaussian likelihood of precision {@code h} the chains' stationary variance is then the exact
 * {@code 1 / (lambda + h)} at every step size (per direction where both are diagonal): the shared draws
 * have the covariance {@code delta P / 2}, {@code P = I + delta A^T W A}, that makes the stationary
 * equation exact. With fresh draws each step it was {@code (2 + u)(a + u) / (u^2 + 2u + 2a - a^2)} times
 * that ({@code a = delta lambda}, {@code u = delta h}): 4/3 where the prior decides a direction at
 * {@code c = 0.5} ({@code a = c}, {@code u = 0}), which widened the posterior where the likelihood is weak
 * (deconvolution) and cost the mean quality (see {@code ImplicitStepTest}).
 */
final class ImplicitStep implements StepKernel {

	private final ChainWork work;
	private final double stepScale;
	private double delta;
	/** Per chain: the prior's noise and the data perturbation, each a stream of shared draws, made on first use. */
	private final SharedDraws[] prior;
	private final SharedDraws[] data;

	ImplicitStep(final ChainWork work, final double stepScale) {
		this.work = work;
		this.stepScale = stepScale;
		this.prior = new SharedDraws[work.chains()];
		this.data = new SharedDraws[work.chains()];
	}

	@Override
	public void atLevel(final double t) {
		delta = stepScale * NoiseLevels.noiseVariance(t);
	}

	@Override
	public void step(final float[][] x, final float[][] score) {
		work.forEachChain((c, l, g, r) -> {
			final ImplicitLikelihood likelihood = (ImplicitLikelihood) l;
			if (prior[c] == null) prior[c] = new SharedDraws(x[c].length, r);
			final float[] priorNoise = prior[c].next(Math.sqrt(delta / 2), r);
			if (data[c] == null) data[c] = new SharedDraws(likelihood.measurementSize(), r);
			final float[] dataNoise = data[c].next(Math.sqrt(0.5), r);
			likelihood.implicitStep(x[c], score[c], delta, priorNoise, dataNoise);
		});
	}

	/** Gaussian draws shared between consecutive steps: each step's output is {@code scale (previous + fresh)}. */
	private static final class SharedDraws {

		private final float[] previous;
		private final float[] out;

		SharedDraws(final int n, final RandomGenerator r) {
			previous = new float[n];
			for (int i = 0; i < n; i++) previous[i] = (float) r.nextGaussian();
			out = new float[n];
		}

		/** This step's draws; the fresh half is kept for the next step. */
		float[] next(final double scale, final RandomGenerator r) {
			for (int i = 0; i < out.length; i++) {
				final float fresh = (float) r.nextGaussian();
				out[i] = (float) (scale * (previous[i] + fresh));
				previous[i] = fresh;
			}
			return out;
		}
	}
}
