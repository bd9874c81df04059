package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

/** How a user's noise choice becomes a noise model; what an estimated camera tells the user about the noise's correlation between pixels. */
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

	@Test
	void aChoiceAndItsValuesGiveOneNoiseModelForEveryFrontEnd() throws RestorationException {
		final NoiseSpec.Camera camera = new NoiseSpec.Camera(2, 100, 3);
		assertEquals(new NoiseSpec.Gaussian(5), NoiseSpec.choose(NoiseSpec.Choice.AUTO, 5.0, null));
		assertEquals(camera, NoiseSpec.choose(NoiseSpec.Choice.AUTO, null, camera));
		assertEquals(new NoiseSpec.EstimatedCamera(true), NoiseSpec.choose(NoiseSpec.Choice.AUTO, null, null));
		assertEquals(new NoiseSpec.Gaussian(5), NoiseSpec.choose(NoiseSpec.Choice.GAUSSIAN, 5.0, null));
		assertEquals(NoiseSpec.Gaussian.auto(), NoiseSpec.choose(NoiseSpec.Choice.GAUSSIAN, null, null));
		assertEquals(camera, NoiseSpec.choose(NoiseSpec.Choice.CAMERA, null, camera));
		assertEquals(new NoiseSpec.EstimatedCamera(false), NoiseSpec.choose(NoiseSpec.Choice.CAMERA, null, null));
		// values of the other model are a contradiction, not something to drop silently
		assertTrue(assertThrows(RestorationException.class, () -> NoiseSpec.choose(NoiseSpec.Choice.AUTO, 5.0, camera)).getMessage()
			.contains("give one or the other"));
		assertThrows(RestorationException.class, () -> NoiseSpec.choose(NoiseSpec.Choice.GAUSSIAN, null, camera));
		assertThrows(RestorationException.class, () -> NoiseSpec.choose(NoiseSpec.Choice.CAMERA, 5.0, null));
		assertEquals(NoiseSpec.Choice.CAMERA, NoiseSpec.Choice.parse(" Camera"));
		assertTrue(assertThrows(RestorationException.class, () -> NoiseSpec.Choice.parse("poisson")).getMessage().contains(
			"use auto, gaussian or camera"));
	}
}
