package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AntitheticRandomTest {

	@Test
	void gaussianDrawsAreMirroredAndTheRestIsShared() {
		final SplittableRandom original = new SplittableRandom(11);
		final AntitheticRandom twin = new AntitheticRandom(new SplittableRandom(11));
		for (int k = 0; k < 100; k++) {
			assertEquals(-original.nextGaussian(), twin.nextGaussian(), 0);
			assertEquals(2 - 3 * original.nextGaussian(), twin.nextGaussian(2, 3), 1e-12);
			assertEquals(original.nextDouble(), twin.nextDouble(), 0);
			assertEquals(original.nextLong(), twin.nextLong());
			assertEquals(original.nextInt(7), twin.nextInt(7));
			assertEquals(original.nextInt(), twin.nextInt());
			assertEquals(original.nextFloat(), twin.nextFloat(), 0);
			assertEquals(original.nextBoolean(), twin.nextBoolean());
		}
	}
}
