package org.almc.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The two reflection conventions, on the example their documentation gives, and far outside the image. */
class ReflectionTest {

	@Test
	void halfSampleRepeatsTheEdgeAndWholeSampleDoesNot() {
		final int[] indices = { -2, -1, 0, 1, 2, 3, 4, 5 };
		assertArrayEquals(new int[] { 1, 0, 0, 1, 2, 3, 3, 2 }, IntStream.of(indices).map(j -> Reflection.halfSample(j, 4)).toArray());
		assertArrayEquals(new int[] { 2, 1, 0, 1, 2, 3, 2, 1 }, IntStream.of(indices).map(j -> Reflection.wholeSample(j, 4)).toArray());
		// periodic with periods 2n and 2(n - 1), so any index lands inside, and a one-pixel axis stays put
		assertEquals(Reflection.halfSample(3, 5), Reflection.halfSample(3 + 10 * 7, 5));
		assertEquals(Reflection.wholeSample(-3, 5), Reflection.wholeSample(-3 - 8 * 9, 5));
		assertEquals(0, Reflection.halfSample(-7, 1));
		assertEquals(0, Reflection.wholeSample(9, 1));
	}
}
