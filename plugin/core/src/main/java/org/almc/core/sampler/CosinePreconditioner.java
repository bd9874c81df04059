package org.almc.core.sampler;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.almc.core.CosineLikelihood;
import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.util.Dct;

/**
 * A DCT-diagonal preconditioner for Langevin steps on {@code mu_t ∝ p_t exp(-R)} (ours, not the
 * paper's): with the likelihood's curvature spectrum {@code h_f} ({@code A^T W A} in the DCT-II basis,
 * which mirror boundaries make exact for symmetric PSFs and uniform weights) and the prior-score
 * curvature bound {@code a_t = 1 / (1 - e^{-2t})}, {@code M = diag_C(1 / (a_t + h_f))} makes {@code M * Hessian} at most about 1 in every direction, so
 * one step size serves directions the measurement pins down and directions only the prior constrains.
 * The preconditioned step {@code x <- x + delta M (s - grad R) + sqrt(2 delta) M^{1/2} xi} leaves the
 * same target invariant in the continuous-time limit. Where the operator is not exactly circulant
 * (mirror boundaries), {@link #likelihoodStiffness} measures how far {@code M} under-estimates the
 * likelihood's curvature, and the sampler shortens its step by that factor.
 * <p>
 * {@link #inPixelBasis} makes the same preconditioner diagonal in the pixel basis instead, for
 * likelihoods whose curvature is diagonal there (no blur, per-pixel weights such as a camera's): each
 * pixel then gets its own {@code m_i = 1 / (a_t + w_i)}, where the DCT form would have to assume the
 * largest weight everywhere and shorten every other pixel's step.
 */
final class CosinePreconditioner {

	private final float[] curvature;
	/** Whether the diagonal is in the pixel basis (no transforms) rather than the DCT-II basis. */
	private final boolean pixelBasis;
	private final ThreadLocal<Dct> plans;
	private final ThreadLocal<float[][]> buffers;
	/** The step {@link #prepare} set: per-direction gain and noise scale, and what they were made for. */
	private final float[] gain;
	private final float[] spread;
	private double preparedDelta = Double.NaN;
	private double preparedCurvature = Double.NaN;

	CosinePreconditioner(final ImageShape shape, final float[] curvature) {
		this(shape, curvature, false);
	}

	private CosinePreconditioner(final ImageShape shape, final float[] curvature, final boolean pixelBasis) {
		if (curvature.length != shape.size()) throw new IllegalArgumentException("Curvature spectrum has " + curvature.length + " values for " + shape);
		this.curvature = curvature.clone();
		this.pixelBasis = pixelBasis;
		this.plans = ThreadLocal.withInitial(() -> new Dct(shape));
		this.buffers = ThreadLocal.withInitial(() -> new float[][] { new float[shape.size()] });
		this.gain = new float[shape.size()];
		this.spread = new float[shape.size()];
	}

	/** The preconditioner {@code M = diag(1 / (a_t + w_i))} in the pixel basis, {@code w_i} the likelihood's curvature per pixel. */
	static CosinePreconditioner inPixelBasis(final ImageShape shape, final float[] pixelCurvature) {
		return new CosinePreconditioner(shape, pixelCurvature, true);
	}

	/** Whether the diagonal is in the pixel basis ({@link #cosineStep} and kept coefficients then do not apply). */
	boolean inPixelBasis() {
		return pixelBasis;
	}

	/**
	 * The largest eigenvalue of {@code M^{1/2} H M^{1/2}}, {@code H} the Hessian of {@code R} at
	 * {@code x0} (by finite differences of its gradient, exact for quadratic {@code R}), by power
	 * iteration: 1 where {@code h_f} describes {@code H} exactly, more where boundaries or uneven
	 * weights make {@code H} stiffer than its periodic approximation. The iteration runs in the DCT-II
	 * basis, where {@code M^{1/2}} is diagonal; the likelihood's gradient is taken there directly where it
	 * {@link CosineLikelihood#offersCosineGradient offers that}, else by a transform each way.
	 */
	double likelihoodStiffness(final Likelihood likelihood, final float[] x0, final double priorCurvature,
		final SplittableRandom random, final int iterations)
	{
		final int n = x0.length;
		final float[] root = new float[n];
		for (int f = 0; f < n; f++) root[f] = (float) Math.sqrt(1 / (priorCurvature + curvature[f]));
		final float[] x0Hat = new float[n], g0 = new float[n], probe = new float[n], g1 = new float[n], scratch = new float[n];
		toCosineBasis(x0, x0Hat);
		gradientInBasis(likelihood, x0Hat, g0, scratch);
		float[] v = new float[n], w = new float[n];
		for (int f = 0; f < n; f++) v[f] = (float) random.nextGaussian();
		double lambda = 0;
		for (int k = 0; k < iterations; k++) {
			double norm = 0;
			for (final float a : v) norm += (double) a * a;
			norm = Math.sqrt(norm);
			if (norm == 0) return 0;
			for (int f = 0; f < n; f++) probe[f] = x0Hat[f] + root[f] * (float) (v[f] / norm);
			gradientInBasis(likelihood, probe, g1, scratch);
			double dot = 0;
			for (int f = 0; f < n; f++) {
				w[f] = root[f] * (g1[f] - g0[f]);
				dot += v[f] / norm * w[f];
			}
			lambda = dot;
			final float[] next = w;
			w = v;
			v = next;
		}
		return lambda;
	}

	/** {@code outHat = C grad R(C^T xHat)}; {@code scratch} is overwritten. */
	private void gradientInBasis(final Likelihood likelihood, final float[] xHat, final float[] outHat, final float[] scratch) {
		if (pixelBasis) {
			likelihood.gradient(xHat, outHat);
			return;
		}
		if (CosineLikelihood.offeredBy(likelihood)) {
			((CosineLikelihood) likelihood).cosineGradient(xHat, outHat);
			return;
		}
		final Dct dct = plans.get();
		System.arraycopy(xHat, 0, scratch, 0, xHat.length);
		dct.inverse(scratch);
		likelihood.gradient(scratch, outHat);
		dct.forward(outHat);
	}

	/**
	 * Sets the step that {@link #step} and {@link #cosineStep} take, {@code x += delta M drift + M^{1/2} D xi}
	 * with {@code M = diag_C(1 / (priorCurvature + h_f))} and the noise
	 * {@code D = diag_C(sqrt(delta (2 - delta m_f h_f)))}, where the unadjusted step has
	 * {@code sqrt(2 delta)}: per direction, the gain {@code delta m_f} and the noise scale
	 * {@code sqrt(delta m_f (2 - delta m_f h_f))}, computed once for all chains. Call it before the
	 * chains' steps, not while they run; the steps then only read it.
	 * <p>
	 * The correction (ours) is of order {@code delta^2}, so the continuous-time limit is the same; it
	 * makes a step exact in law in the directions the likelihood's known curvature {@code h_f} dominates:
	 * on a quadratic target of curvature {@code c} the chain's stationary variance is
	 * {@code (2 - delta m h_f) / (c (2 - delta m c))}, which is {@code 1 / c} when {@code c = h_f}, where the
	 * unadjusted step inflates it by {@code 2 / (2 - delta)} (82% at {@code delta = 0.9}). Directions the
	 * prior dominates keep the unadjusted noise. The orthonormal DCT maps white noise to white noise, so
	 * {@code xi} is drawn in the transform domain.
	 */
	void prepare(final double delta, final double priorCurvature) {
		if (delta == preparedDelta && priorCurvature == preparedCurvature) return;
		for (int f = 0; f < curvature.length; f++) {
			final double m = 1 / (priorCurvature + curvature[f]);
			gain[f] = (float) (delta * m);
			spread[f] = (float) Math.sqrt(delta * m * (2 - delta * m * curvature[f]));
		}
		preparedDelta = delta;
		preparedCurvature = priorCurvature;
	}

	/** The {@link #prepare prepared} step of a chain: {@code x += C^T (gain C drift + spread xi)}. */
	void step(final float[] x, final float[] drift, final RandomGenerator random) {
		if (pixelBasis) {
			for (int i = 0; i < x.length; i++) x[i] += gain[i] * drift[i] + spread[i] * (float) random.nextGaussian();
			return;
		}
		final Dct dct = plans.get();
		final float[] d = buffers.get()[0];
		System.arraycopy(drift, 0, d, 0, x.length);
		dct.forward(d);
		for (int f = 0; f < curvature.length; f++) d[f] = gain[f] * d[f] + spread[f] * (float) random.nextGaussian();
		dct.inverse(d);
		for (int i = 0; i < x.length; i++) x[i] += d[i];
	}

	/**
	 * The same step for a chain whose DCT coefficients {@code xHat} are kept alongside {@code x}, on a
	 * likelihood with {@link CosineLikelihood#offersCosineGradient() a gradient in that basis}:
	 * {@code xHat += gain (C score - C grad R) + spread xi}, then {@code x = C^T xHat}. Two transforms and
	 * the likelihood's two, where {@link #step} needs its two and the likelihood's gradient.
	 * {@code score} and {@code scratch} are overwritten; the random draws are those of {@link #step}.
	 */
	void cosineStep(final float[] x, final float[] xHat, final float[] score, final CosineLikelihood likelihood, final float[] scratch,
		final RandomGenerator random)
	{
		final Dct dct = plans.get();
		dct.forward(score);
		likelihood.cosineGradient(xHat, scratch);
		for (int f = 0; f < curvature.length; f++) {
			xHat[f] += gain[f] * (score[f] - scratch[f]) + spread[f] * (float) random.nextGaussian();
		}
		System.arraycopy(xHat, 0, x, 0, x.length);
		dct.inverse(x);
	}

	/** {@code out = C x}. */
	void toCosineBasis(final float[] x, final float[] out) {
		System.arraycopy(x, 0, out, 0, x.length);
		if (!pixelBasis) plans.get().forward(out);
	}
}
