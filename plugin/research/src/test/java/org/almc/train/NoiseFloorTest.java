package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The training noise levels: a patch of a noisy image is never noised below its floor, no floor draws as before, and
 * the log-normal draw follows its law.
 */
class NoiseFloorTest {

	@Test
	void withoutAFloorTheLevelIsTheLogUniformDrawTrainingAlwaysMade() {
		final Random r = new Random(3);
		for (int i = 0; i < 1000; i++) {
			final double u = r.nextDouble();
			final double before = Math.exp(Math.log(0.003) + (Math.log(60) - Math.log(0.003)) * u);
			assertEquals(before, DenoiserTrainer.trainingSigma(u, 0.003, 60, 0, Double.NaN, Double.NaN), 0);
			// a floor below sigmaMin changes nothing either
			assertEquals(before, DenoiserTrainer.trainingSigma(u, 0.003, 60, 0.001, Double.NaN, Double.NaN), 0);
		}
	}

	@Test
	void aFloorIsLogUniformFromTheFloorUp() {
		final Random r = new Random(5);
		final int n = 20000;
		int belowGeometricMiddle = 0;
		final double floor = 0.04, max = 60, middle = Math.sqrt(floor * max);
		for (int i = 0; i < n; i++) {
			final double s = DenoiserTrainer.trainingSigma(r.nextDouble(), 0.003, max, floor, Double.NaN, Double.NaN);
			assertTrue(s >= floor * (1 - 1e-12) && s <= max, "sigma " + s);
			if (s < middle) belowGeometricMiddle++;
		}
		// log-uniform: half below the geometric middle, within 4 binomial standard errors
		assertEquals(0.5, belowGeometricMiddle / (double) n, 4 * Math.sqrt(0.25 / n));
		// a floor above the largest level still leaves a range to draw from
		assertEquals(max / 2, DenoiserTrainer.trainingSigma(0, 0.003, max, 1000, Double.NaN, Double.NaN), 1e-12);
	}

	@Test
	void aLogNormalDrawIsTheTruncatedNormalLawOfTheLogarithm() {
		final double mean = -2, spread = 1.2, min = 0.01, max = 3;
		final double a = (Math.log(min) - mean) / spread, b = (Math.log(max) - mean) / spread;
		final NormalDistribution z = new NormalDistribution(0, 1);
		final double mass = z.cumulativeProbability(b) - z.cumulativeProbability(a);
		// ln sigma below the mean, and below mean - spread, as often as the truncated law says (4 binomial standard errors)
		final double[] cuts = { mean, mean - spread, mean + spread };
		final Random r = new Random(9);
		final int n = 20000;
		final int[] below = new int[cuts.length];
		for (int i = 0; i < n; i++) {
			final double s = DenoiserTrainer.trainingSigma(r.nextDouble(), min, max, 0, mean, spread);
			assertTrue(s >= min * (1 - 1e-12) && s <= max * (1 + 1e-12), "sigma " + s);
			for (int k = 0; k < cuts.length; k++) if (Math.log(s) < cuts[k]) below[k]++;
		}
		for (int k = 0; k < cuts.length; k++) {
			final double p = (z.cumulativeProbability((cuts[k] - mean) / spread) - z.cumulativeProbability(a)) / mass;
			assertEquals(p, below[k] / (double) n, 4 * Math.sqrt(p * (1 - p) / n), "below ln sigma " + cuts[k]);
		}
		// the ends of the uniform draw are the ends of the interval, and a floor raises the lower end
		assertEquals(min, DenoiserTrainer.trainingSigma(0, min, max, 0, mean, spread), 1e-9);
		assertEquals(max, DenoiserTrainer.trainingSigma(1, min, max, 0, mean, spread), 1e-9);
		assertEquals(0.2, DenoiserTrainer.trainingSigma(0, min, max, 0.2, mean, spread), 1e-9);
		// without a spread it is the log-uniform draw
		assertEquals(Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * 0.3), DenoiserTrainer.trainingSigma(0.3, min, max, 0, Double.NaN,
			Double.NaN), 1e-12);
	}

	@Test
	void theMeasuredNoiseIsTheImagesNoiseAtMidRange() {
		// a smooth normalized ramp with camera-like noise: variance a v + b, a = 4e-4, b = 1e-4 (0.0173 at v = 0.5)
		final int w = 256, h = 256;
		final float[] img = new float[w * h];
		final Random r = new Random(11);
		final double a = 4e-4, b = 1e-4;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final double v = x / (double) (w - 1);
				img[y * w + x] = (float) (v + Math.sqrt(a * v + b) * r.nextGaussian());
			}
		}
		final double expected = Math.sqrt(a * TrainingImage.MID_RANGE + b);
		assertEquals(expected, TrainingImage.measuredNoise(img, w, h), 0.1 * expected);
		final TrainingImage measured = new TrainingImage("ramp", img, w, h, w, w, null, null).withOwnNoise();
		assertEquals(TrainingImage.measuredNoise(img, w, h), measured.ownNoise, 0);
		assertEquals(0, new TrainingImage("ramp", img, w, h, w, w, null, null).ownNoise, 0);
	}

	@Test
	void thePatchSamplerSaysWhichImageAPatchCameFrom() {
		final float[] flat = new float[64 * 64];
		final float[] bright = new float[64 * 64];
		Arrays.fill(bright, 1);
		final TrainingImage a = new TrainingImage("flat", flat, 64, 64, 64, 64, null, null);
		final TrainingImage b = new TrainingImage("bright", bright, 64, 64, 64, 64, null, null);
		final PatchSampler sampler = new PatchSampler(List.of(a, b), List.of(), 0, 0, 0);
		final float[] patch = new float[16 * 16];
		final Random r = new Random(1);
		for (int i = 0; i < 50; i++) {
			final TrainingImage from = sampler.sample(r, 16, patch, 0);
			assertEquals(from == b ? 1f : 0f, patch[0], 0);
		}
	}
}
