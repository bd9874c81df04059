package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

/** What an estimated camera tells the user about the noise's correlation between pixels. */
class NoiseSpecTest {

	private static final int SIZE = 192;

	/**
	 * A camera image (gain 2, offset 100, read noise 3, up to 200 photons on a ramp with a dark quarter)
	 * whose noise is filtered by {@code [1 b]} along x (normalized): neighbour correlation
	 * {@code b / (1 + b^2)} along x.
	 */
	private static float[] camera(final double b, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] y = new float[SIZE * SIZE];
		final double norm = Math.sqrt(1 + b * b);
		for (int j = 0; j < SIZE; j++) {
			double previous = r.nextGaussian();
			for (int i = 0; i < SIZE; i++) {
				final double next = r.nextGaussian();
				final double photons = 200 * Math.max(0, (i + j) / (2.0 * SIZE) - 0.25);
				y[i + SIZE * j] = (float) (100 + 2 * photons + Math.sqrt(4 * photons + 9) * (previous + b * next) / norm);
				previous = next;
			}
		}
		return y;
	}

	@Test
	void theEstimateNamesACorrelationOnlyWhereThereIsOne() throws RestorationException {
		final ImageShape shape = new ImageShape(SIZE, SIZE);
		final String correlated = new NoiseSpec.EstimatedCamera(false).resolve(camera(0.4, 1), shape).describe();
		assertTrue(correlated.contains("correlated between neighbouring pixels, x 0.3"), correlated);
		final String white = new NoiseSpec.EstimatedCamera(false).resolve(camera(0, 1), shape).describe();
		assertFalse(white.contains("correlated"), white);
	}
}
