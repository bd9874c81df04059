package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.almc.core.noise.PoissonNoise;
import org.junit.jupiter.api.Test;

/**
 * The generalized Anscombe transform of camera data: unit noise variance at every level, and an inverse
 * that is unbiased (the inverse of the transform's expectation is the mean raw value). Monte Carlo with
 * {@value #N} draws per level, fixed seed: the tolerances are 4 standard errors plus the transform's own
 * approximation error where it has one (stated per check).
 */
class AnscombeTransformTest {

	static final int N = 200_000;
	static final double GAIN = 2, OFFSET = 100, READ = 3;

	@Test
	void theNoiseHasUnitVarianceAtEveryLevel() {
		final AnscombeTransform t = new AnscombeTransform(GAIN, OFFSET, READ);
		final SplittableRandom r = new SplittableRandom(11);
		for (final double lambda : new double[] { 10, 30, 100, 1000 }) {
			double sum = 0, sq = 0;
			for (int k = 0; k < N; k++) {
				final double a = t.forward(OFFSET + GAIN * PoissonNoise.poisson(lambda, r) + READ * r.nextGaussian());
				sum += a;
				sq += a * a;
			}
			final double var = sq / N - (sum / N) * (sum / N);
			// standard error of a variance near 1: sqrt(2 / N) = 0.003; the stabilization itself is exact to
			// about 1 / (8 (lambda + read^2)) at these levels
			assertEquals(1, var, 4 * Math.sqrt(2.0 / N) + 1 / (8 * (lambda + (READ / GAIN) * (READ / GAIN))), lambda + " photons");
		}
	}

	@Test
	void theInverseOfTheExpectationIsTheMeanWithoutReadNoise() {
		final AnscombeTransform t = new AnscombeTransform(GAIN, OFFSET, 0);
		final SplittableRandom r = new SplittableRandom(12);
		for (final double lambda : new double[] { 1, 3, 10, 100 }) {
			double sum = 0;
			for (int k = 0; k < N; k++) sum += t.forward(OFFSET + GAIN * PoissonNoise.poisson(lambda, r));
			final double photons = (t.inverse(sum / N) - OFFSET) / GAIN;
			// the standard error of the mean transform (noise sd about 1) is 1 / sqrt(N), times d lambda / d a = a / 2;
			// the closed form approximates the exact unbiased inverse to 0.02 photons at one photon and better above
			final double se = 1 / Math.sqrt(N) * Math.sqrt(lambda + 0.375);
			assertEquals(lambda, photons, 4 * se + 0.02, lambda + " photons");
		}
	}

	@Test
	void zeroSignalStaysAtTheOffset() {
		final AnscombeTransform t = new AnscombeTransform(GAIN, OFFSET, READ);
		assertEquals(OFFSET, t.inverse(0), 0);
		assertEquals(OFFSET, t.inverse(t.forward(OFFSET - 50)), 0, "no negative photon counts");
	}

	/**
	 * A unit standard deviation of stabilized values maps back to the camera's noise standard deviation,
	 * {@code gain sqrt(n + 3/8 + r^2)} at {@code n} photons (the 3/8 is the transform's own), and never to
	 * less than at zero photons.
	 */
	@Test
	void theInverseSlopeMapsAUnitStandardDeviationToTheCamerasNoise() {
		final AnscombeTransform t = new AnscombeTransform(GAIN, OFFSET, READ);
		final double r2 = (READ / GAIN) * (READ / GAIN);
		for (final double photons : new double[] { 0, 1, 10, 1000 }) {
			final double a = t.forward(OFFSET + GAIN * photons);
			assertEquals(GAIN * Math.sqrt(photons + 0.375 + r2), t.inverseSlope(a), 1e-9 * GAIN * Math.sqrt(photons + 1), photons + " photons");
		}
		assertEquals(t.inverseSlope(t.forward(OFFSET)), t.inverseSlope(0), 0, "below the offset");
	}

	@Test
	void rejectsAnImpossibleCamera() {
		assertThrows(IllegalArgumentException.class, () -> new AnscombeTransform(0, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> new AnscombeTransform(1, Double.NaN, 1));
		assertThrows(IllegalArgumentException.class, () -> new AnscombeTransform(1, 0, -1));
	}
}
