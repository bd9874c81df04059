package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.util.Dct;
import org.junit.jupiter.api.Test;

/**
 * The preconditioned step's stationary law on a quadratic target matches its stated formula: variance
 * {@code (2 - delta m h_f) / (c (2 - delta m c))} per DCT direction, so exact where the likelihood's
 * known curvature dominates, even at a long step (the unadjusted step would inflate it by
 * {@code 2 / (2 - delta)}).
 */
class CosinePreconditionerTest {

	@Test
	void longStepsKeepTheExactVarianceOfAKnownQuadraticTarget() {
		final ImageShape shape = new ImageShape(12, 10);
		final int n = shape.size();
		final SplittableRandom random = new SplittableRandom(5);
		// target N(mu, diag_C(1 / (a + h_f))): prior curvature a, likelihood curvature h_f (DCT-diagonal)
		final double a = 2;
		final float[] h = new float[n];
		for (int f = 0; f < n; f++) h[f] = (float) (random.nextDouble() < 0.5 ? 50 * random.nextDouble() : 1000 * random.nextDouble());
		final float[] mu = new float[n];
		for (int i = 0; i < n; i++) mu[i] = (float) random.nextGaussian();
		final CosinePreconditioner m = new CosinePreconditioner(shape, h);
		final Dct dct = new Dct(shape);
		final double delta = 0.9;
		m.prepare(delta, a);
		final int chains = 600, steps = 40;
		final double[] sum = new double[n], sumSq = new double[n];
		final float[] x = new float[n], drift = new float[n];
		for (int c = 0; c < chains; c++) {
			java.util.Arrays.fill(x, 0f);
			for (int k = 0; k < steps; k++) {
				// drift = -H (x - mu) with H = diag_C(a + h_f)
				for (int i = 0; i < n; i++) drift[i] = x[i] - mu[i];
				dct.forward(drift);
				for (int f = 0; f < n; f++) drift[f] *= (float) -(a + h[f]);
				dct.inverse(drift);
				m.step(x, drift, random);
			}
			final float[] coefficients = x.clone();
			final float[] centre = mu.clone();
			dct.forward(coefficients);
			dct.forward(centre);
			for (int f = 0; f < n; f++) {
				final double d = coefficients[f] - centre[f];
				sum[f] += d;
				sumSq[f] += d * d;
			}
		}
		// measured variance over the stated one, averaged over the frequencies: 1 when the formula holds
		double ratio = 0, meanZ = 0, likelihoodDominated = 0;
		int dominated = 0;
		for (int f = 0; f < n; f++) {
			final double c = a + h[f], mf = 1 / c;
			final double stated = (2 - delta * mf * h[f]) / (c * (2 - delta * mf * c));
			ratio += sumSq[f] / chains / stated;
			if (h[f] > 50 * a) {
				likelihoodDominated += sumSq[f] / chains * c;
				dominated++;
			}
			meanZ += sum[f] / chains * Math.sqrt(c * chains);
		}
		ratio /= n;
		likelihoodDominated /= dominated;
		meanZ /= Math.sqrt(n);
		// Monte Carlo sd of an averaged ratio over k frequencies: sqrt(2 / chains / k)
		assertEquals(1, ratio, 5 * Math.sqrt(2.0 / chains / n), "measured / stated variance");
		// where h_f > 50 a the stated variance is within 1% of the target's 1 / c
		assertEquals(1, likelihoodDominated, 0.01 + 5 * Math.sqrt(2.0 / chains / dominated),
			"variance x curvature where the likelihood dominates (unadjusted would give " + 2 / (2 - delta) + ")");
		assertEquals(0, meanZ, 5, "mean offset in pooled z units");
	}

	/**
	 * In the pixel basis (no blur, per-pixel weights as a camera gives) every pixel gets its own step: on
	 * the target {@code N(mu, diag(1 / (a + w_i)))} with weights spread over three decades, long steps keep
	 * each pixel's exact variance, the weak-weight pixels as well as the strong ones.
	 */
	@Test
	void pixelBasisGivesEveryPixelItsExactVariance() {
		final ImageShape shape = new ImageShape(12, 10);
		final int n = shape.size();
		final SplittableRandom random = new SplittableRandom(6);
		final double a = 2;
		final float[] w = new float[n], mu = new float[n];
		for (int i = 0; i < n; i++) {
			w[i] = (float) Math.pow(10, 3 * random.nextDouble());
			mu[i] = (float) random.nextGaussian();
		}
		final CosinePreconditioner m = CosinePreconditioner.inPixelBasis(shape, w);
		assertTrue(m.inPixelBasis());
		final double delta = 0.9;
		m.prepare(delta, a);
		final int chains = 600, steps = 40;
		final double[] sumSq = new double[n];
		final float[] x = new float[n], drift = new float[n];
		for (int c = 0; c < chains; c++) {
			java.util.Arrays.fill(x, 0f);
			for (int k = 0; k < steps; k++) {
				for (int i = 0; i < n; i++) drift[i] = (float) (-(a + w[i]) * (x[i] - mu[i]));
				m.step(x, drift, random);
			}
			for (int i = 0; i < n; i++) sumSq[i] += (x[i] - mu[i]) * (double) (x[i] - mu[i]);
		}
		double ratio = 0;
		for (int i = 0; i < n; i++) {
			final double c = a + w[i], mi = 1 / c;
			ratio += sumSq[i] / chains / ((2 - delta * mi * w[i]) / (c * (2 - delta * mi * c)));
		}
		ratio /= n;
		assertEquals(1, ratio, 5 * Math.sqrt(2.0 / chains / n), "measured / stated variance");
		// and the stated variance is within 0.1% of 1 / (a + w_i) where w_i > 500 a
		for (int i = 0; i < n; i++) {
			final double c = a + w[i], mi = 1 / c;
			if (w[i] > 500 * a) assertEquals(1 / c, (2 - delta * mi * w[i]) / (c * (2 - delta * mi * c)), 1e-3 / c);
		}
	}
}
