package org.almc.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

class PlaneSymmetriesTest {

	/** Pixel values that differ everywhere, so that every transform gives a different image. */
	private static float[] ramp(final ImageShape shape) {
		final float[] v = new float[shape.size()];
		for (int i = 0; i < v.length; i++) v[i] = i;
		return v;
	}

	@Test
	void squarePlanesHaveEightDistinctTransformsAndEachIsUndone() {
		final ImageShape shape = new ImageShape(5, 5, 3);
		final PlaneSymmetries symmetries = new PlaneSymmetries(shape);
		assertEquals(8, symmetries.count());
		final float[] image = ramp(shape), moved = new float[shape.size()], back = new float[shape.size()];
		final Set<String> seen = new HashSet<>();
		for (int g = 0; g < 8; g++) {
			symmetries.apply(g, image, moved);
			seen.add(Arrays.toString(moved));
			symmetries.undo(g, moved, back);
			assertArrayEquals(image, back, "transform " + g);
		}
		assertEquals(8, seen.size());
	}

	@Test
	void transformsAreTheFlipsAndTheTransposeOfEachPlane() {
		final ImageShape shape = new ImageShape(3, 3, 2);
		final PlaneSymmetries symmetries = new PlaneSymmetries(shape);
		final float[] image = ramp(shape), out = new float[shape.size()];
		symmetries.apply(1, image, out);
		assertArrayEquals(new float[] { 2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9, 14, 13, 12, 17, 16, 15 }, out, "mirror in X");
		symmetries.apply(2, image, out);
		assertArrayEquals(new float[] { 6, 7, 8, 3, 4, 5, 0, 1, 2, 15, 16, 17, 12, 13, 14, 9, 10, 11 }, out, "mirror in Y");
		symmetries.apply(4, image, out);
		assertArrayEquals(new float[] { 0, 3, 6, 1, 4, 7, 2, 5, 8, 9, 12, 15, 10, 13, 16, 11, 14, 17 }, out, "transpose");
	}

	@Test
	void nonSquarePlanesKeepTheirShape() {
		final ImageShape shape = new ImageShape(4, 2);
		final PlaneSymmetries symmetries = new PlaneSymmetries(shape);
		assertEquals(4, symmetries.count());
		final float[] image = ramp(shape), out = new float[shape.size()], back = new float[shape.size()];
		symmetries.apply(3, image, out);
		assertArrayEquals(new float[] { 7, 6, 5, 4, 3, 2, 1, 0 }, out, "half turn");
		symmetries.undo(3, out, back);
		assertArrayEquals(image, back);
		assertThrows(IllegalArgumentException.class, () -> symmetries.apply(4, image, out));
	}
}
