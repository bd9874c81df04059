package org.almc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.core.noise.PoissonNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.PsfConvolution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact warm starts sample {@code N(x; m, q I) exp(-R(x))} = N(P^-1 (m / q + A^T W y), P^-1),
 * P = I / q + A^T W A: the paper's {@code exp(-|x|^2/2 - R(x))} (m = 0, q = 1), and the narrower law of a
 * start below the largest noise level.
 */
class WarmStartTest {

	private static final int SAMPLES = 4000;

	private static RealMatrix matrix(final ForwardOperator a) {
		final int n = a.inputShape().size();
		final double[][] m = new double[n][n];
		final float[] e = new float[n], col = new float[n];
		for (int j = 0; j < n; j++) {
			e[j] = 1;
			a.apply(e, col);
			e[j] = 0;
			for (int i = 0; i < n; i++) m[i][j] = col[i];
		}
		return new Array2DRowRealMatrix(m);
	}

	/** Both priors: the paper's N(0, I) and one of a start at a low level. */
	private static void check(final ForwardOperator a, final float[] y, final double[] weights, final MeasurementModel model) {
		check(a, y, weights, model, 0, 1);
		check(a, y, weights, model, 0.4, 0.05);
	}

	private static void check(final ForwardOperator a, final float[] y, final double[] weights, final MeasurementModel model,
		final double priorMean, final double priorVariance)
	{
		final int n = a.inputShape().size();
		final RealMatrix am = matrix(a);
		final RealMatrix w = MatrixUtils.createRealDiagonalMatrix(weights);
		final RealMatrix precision = MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(1 / priorVariance).add(am.transpose().multiply(w)
			.multiply(am));
		final RealMatrix cov = new LUDecomposition(precision).getSolver().getInverse();
		final double[] wy = new double[n];
		for (int i = 0; i < n; i++) wy[i] = weights[i] * y[i];
		final double[] information = am.transpose().operate(wy);
		for (int i = 0; i < n; i++) information[i] += priorMean / priorVariance;
		final double[] mean = cov.operate(information);

		final Likelihood.WarmStart warm = model.exactWarmStart(priorMean, priorVariance).orElseThrow();
		final SplittableRandom r = new SplittableRandom(21);
		final double[] sum = new double[n], sum2 = new double[n];
		final float[] x = new float[n];
		for (int s = 0; s < SAMPLES; s++) {
			warm.sample(r, x);
			for (int i = 0; i < n; i++) {
				sum[i] += x[i];
				sum2[i] += (double) x[i] * x[i];
			}
		}
		for (int i = 0; i < n; i++) {
			final double m = sum[i] / SAMPLES, v = sum2[i] / SAMPLES - m * m, exactVar = cov.getEntry(i, i);
			// 4.5 standard errors: the largest of n deviations stays within it with probability > 99.9%
			assertEquals(mean[i], m, 4.5 * Math.sqrt(exactVar / SAMPLES), "mean of pixel " + i + ", prior variance " + priorVariance);
			assertEquals(exactVar, v, 4.5 * exactVar * Math.sqrt(2.0 / SAMPLES), "variance of pixel " + i + ", prior variance " + priorVariance);
		}
	}

	private static float[] data(final int n) {
		final SplittableRandom r = new SplittableRandom(3);
		final float[] y = new float[n];
		for (int i = 0; i < n; i++) y[i] = (float) (0.5 + 0.3 * r.nextGaussian());
		return y;
	}

	@Test
	void fourierWarmStartIsExactForPeriodicBlurAndGaussianNoise() {
		final ImageShape shape = new ImageShape(5, 4);
		final ForwardOperator a = new PsfConvolution(shape, new ImageShape(3, 3),
			new float[] { 0.05f, 0.1f, 0.05f, 0.1f, 0.4f, 0.1f, 0.05f, 0.1f, 0.05f }, PsfConvolution.Boundary.PERIODIC);
		final float[] y = data(shape.size());
		final double[] w = new double[shape.size()];
		java.util.Arrays.fill(w, 1 / (0.3 * 0.3));
		check(a, y, w, new MeasurementModel(a, new GaussianNoise(0.3), y, null));
	}

	/** A symmetric PSF (solved in the DCT-II basis) and a skewed one (solved with the padded FFT). */
	@ParameterizedTest(name = "{0}")
	@ValueSource(booleans = { true, false })
	void conjugateGradientWarmStartIsExactForMirrorBlurCameraNoiseAndAMask(final boolean symmetric) {
		final ImageShape shape = new ImageShape(5, 4);
		final float[] psf = symmetric ? new float[] { 0.05f, 0.1f, 0.05f, 0.1f, 0.4f, 0.1f, 0.05f, 0.1f, 0.05f }
			: new float[] { 0.02f, 0.1f, 0.08f, 0.1f, 0.4f, 0.1f, 0.05f, 0.05f, 0.1f };
		final ForwardOperator a = new PsfConvolution(shape, new ImageShape(3, 3), psf, PsfConvolution.Boundary.MIRROR);
		assertEquals(symmetric, a.cosineEigenvalues().isPresent());
		final float[] y = data(shape.size());
		final PoissonGaussianNoise noise = new PoissonGaussianNoise(0.1, 0.2);
		final boolean[] valid = new boolean[shape.size()];
		final double[] w = new double[shape.size()];
		for (int i = 0; i < valid.length; i++) {
			valid[i] = i % 7 != 3;
			w[i] = valid[i] ? 1 / (0.1 * Math.max(y[i], 0) + 0.04) : 0;
		}
		check(a, y, w, new MeasurementModel(a, noise, y, valid));
	}

	@Test
	void poissonNoiseHasNoExactWarmStart() {
		final ImageShape shape = new ImageShape(4, 4);
		final MeasurementModel model = new MeasurementModel(new org.almc.core.operator.IdentityOperator(shape),
			new PoissonNoise(100, 0, 1), data(16), null);
		assertTrue(model.exactWarmStart(0, 1).isEmpty());
	}
}
