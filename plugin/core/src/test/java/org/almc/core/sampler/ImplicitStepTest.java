package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.NoiseLevels;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.IdentityOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The implicit step's stationary law on a Gaussian target: a Gaussian prior of precision {@code lambda}
 * per pixel (the score {@code -lambda x}) times a white Gaussian likelihood of precision {@code h}, whose
 * exact variance is {@code 1 / (lambda + h)}.
 */
class ImplicitStepTest {

	private static final int BATCHES = 20;

	@ParameterizedTest(name = "delta lambda {0}, delta h {1}")
	@CsvSource({"0.5, 0", "0.1, 0", "0.5, 0.3", "0.1, 0.3", "0.5, 3", "0.02, 3", "0.5, 30"})
	void stationaryVarianceIsExact(final double deltaLambda, final double deltaH) {
		final ImageShape shape = new ImageShape(64, 64);
		final int n = shape.size(), chains = 2, burnIn = 300, steps = 2000;
		final double t = 0.3, stepScale = 0.5;
		final double delta = stepScale * NoiseLevels.noiseVariance(t);
		final double lambda = deltaLambda / delta, h = deltaH / delta;
		final boolean[] valid = deltaH > 0 ? null : new boolean[n];
		final double sigma = deltaH > 0 ? 1 / Math.sqrt(h) : 1;
		final MeasurementModel likelihood = new MeasurementModel(new IdentityOperator(shape), new GaussianNoise(sigma), new float[n], valid);
		final ChainWork work = new ChainWork(likelihood, chains, new SplittableRandom(5));
		final ImplicitStep kernel = new ImplicitStep(work, stepScale);
		kernel.atLevel(t);
		final float[][] x = new float[chains][n];
		final float[][] score = new float[chains][n];
		final double[] batch = new double[BATCHES];
		for (int k = 0; k < burnIn + steps; k++) {
			for (int c = 0; c < chains; c++) {
				for (int i = 0; i < n; i++) score[c][i] = (float) (-lambda * x[c][i]);
			}
			kernel.step(x, score);
			if (k < burnIn) continue;
			for (final float[] chain : x) {
				for (final float v : chain) batch[(k - burnIn) * BATCHES / steps] += v * (double) v;
			}
		}
		// batch means: the batches are far longer than the chains' correlation time (a few steps)
		final double exact = 1 / (lambda + h), perBatch = (double) steps / BATCHES * chains * n;
		double mean = 0, squares = 0;
		for (final double b : batch) mean += b / perBatch / exact / BATCHES;
		for (final double b : batch) squares += Math.pow(b / perBatch / exact - mean, 2);
		final double error = Math.sqrt(squares / (BATCHES - 1) / BATCHES);
		assertTrue(error < 0.003, "Monte Carlo error " + error + " too large to tell a 4% bias");
		assertEquals(1, mean, 4 * error, "stationary variance / exact (Monte Carlo error " + error + ")");
	}
}
