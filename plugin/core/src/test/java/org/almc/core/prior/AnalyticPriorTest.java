package org.almc.core.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class AnalyticPriorTest {

	private static float[] random(final int n, final SplittableRandom r, final double scale) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) (0.5 + scale * r.nextGaussian());
		return v;
	}

	@Test
	void circulantGaussianDenoiserMatchesTheDenseFormula() {
		final ImageShape shape = new ImageShape(6, 5);
		final GaussianPrior prior = GaussianPrior.stationary(shape, 0.3f, 0.05, 1.2, 0.01);
		final RealMatrix c = new Array2DRowRealMatrix(prior.covarianceMatrix());
		// C is symmetric positive definite
		assertEquals(0, c.subtract(c.transpose()).getFrobeniusNorm(), 1e-6);
		final double sigma = 0.2;
		final RealMatrix gain = c.multiply(new LUDecomposition(c.add(MatrixUtils.createRealIdentityMatrix(30).scalarMultiply(sigma * sigma))).getSolver().getInverse());
		final float[] u = random(30, new SplittableRandom(1), 0.3);
		final float[][] out = new float[1][30];
		prior.denoise(shape, new float[][] { u }, sigma, out);
		final double[] centred = new double[30];
		for (int i = 0; i < 30; i++) centred[i] = u[i] - 0.3;
		final double[] expected = gain.operate(centred);
		for (int i = 0; i < 30; i++) assertEquals(0.3 + expected[i], out[0][i], 1e-5);
	}

	@Test
	void gaussianVectorJacobianProductMatchesFiniteDifferences() {
		final ImageShape shape = new ImageShape(4, 4);
		final GaussianPrior prior = GaussianPrior.stationary(shape, 0.5f, 0.04, 1.0, 0.05);
		checkVjp(prior, shape, 0.1, 0.2, 2e-3);
	}

	@Test
	void mixtureVectorJacobianProductMatchesFiniteDifferences() {
		final ImageShape shape = new ImageShape(6);
		final SplittableRandom r = new SplittableRandom(2);
		final float[][] means = { random(6, r, 0.2), random(6, r, 0.2), random(6, r, 0.2) };
		final GaussianMixturePrior prior = new GaussianMixturePrior(shape, new double[] { 0.2, 0.5, 0.3 }, means,
			new double[] { 0.01, 0.02, 0.015 });
		// at a noise level where the responsibilities vary, so their derivative matters
		checkVjp(prior, shape, 0.15, 0.2, 2e-3);
	}

	@Test
	void mixtureDenoiserIsTheExactPosteriorMean() {
		// one dimension: E[X | X + sigma Z = u] by numerical integration over the mixture density
		final ImageShape shape = new ImageShape(1);
		final GaussianMixturePrior prior = new GaussianMixturePrior(shape, new double[] { 0.3, 0.7 },
			new float[][] { { -1f }, { 2f } }, new double[] { 0.25, 0.5 });
		final double sigma = 0.8, u = 0.7;
		double num = 0, den = 0;
		for (double x = -10; x <= 10; x += 1e-3) {
			final double p = 0.3 * gauss(x, -1, 0.25) + 0.7 * gauss(x, 2, 0.5);
			final double w = p * gauss(u, x, sigma * sigma);
			num += x * w;
			den += w;
		}
		final float[][] out = new float[1][1];
		prior.denoise(shape, new float[][] { { (float) u } }, sigma, out);
		assertEquals(num / den, out[0][0], 1e-5);
	}

	private static double gauss(final double x, final double m, final double v) {
		return Math.exp(-(x - m) * (x - m) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
	}

	private static void checkVjp(final ScoreModel model, final ImageShape shape, final double sigma, final double spread,
		final double tolerance)
	{
		final int n = shape.size();
		final SplittableRandom r = new SplittableRandom(8);
		final float[] u = random(n, r, spread), v = random(n, r, 1);
		final float[][] vjp = new float[1][n];
		model.denoiseVectorJacobianProduct(shape, new float[][] { u }, sigma, new float[][] { v }, vjp);
		final float h = 1e-3f;
		for (int j = 0; j < n; j++) {
			final float[] up = u.clone(), down = u.clone();
			up[j] += h;
			down[j] -= h;
			final float[][] dUp = new float[1][n], dDown = new float[1][n];
			model.denoise(shape, new float[][] { up }, sigma, dUp);
			model.denoise(shape, new float[][] { down }, sigma, dDown);
			double fd = 0;
			for (int i = 0; i < n; i++) fd += v[i] * (dUp[0][i] - dDown[0][i]) / (2 * h);
			assertEquals(fd, vjp[0][j], tolerance * (1 + Math.abs(fd)), "component " + j);
		}
	}
}
