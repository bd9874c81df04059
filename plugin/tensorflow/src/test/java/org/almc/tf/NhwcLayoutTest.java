package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

class NhwcLayoutTest {

	@Test
	void markedPixelLandsAtItsNhwcIndex() {
		final ImageShape shape = new ImageShape(5, 3); // width 5, height 3
		final float[][] planes = { new float[15], new float[15] };
		planes[1][3 + 5 * 2] = 7; // chain 1, x = 3, y = 2
		final long[] tensorShape = NhwcLayout.tensorShape(2, 8, 4);
		assertArrayEquals(new long[] { 2, 4, 8, 1 }, tensorShape);
		final float[] nhwc = NhwcLayout.pack(shape, planes, 0, 2, 8, 4);
		// NHWC index ((n H + y) W + x) C + c
		assertEquals(7, nhwc[((1 * 4 + 2) * 8 + 3)], 0);
		int marked = 0;
		for (final float v : nhwc) if (v == 7) marked++;
		// padding reflects about the last column (x = 4): x = 3 reappears at x = 5; row y = 2 is the last
		// one kept, padded row y = 3 mirrors y = 1
		assertEquals(2, marked);
		assertEquals(7, nhwc[((1 * 4 + 2) * 8 + 5)], 0);
		assertEquals(0, nhwc[((0 * 4 + 2) * 8 + 3)], 0);
	}

	@Test
	void mirrorPaddingReflectsWithoutRepeatingTheEdge() {
		final ImageShape shape = new ImageShape(3, 2);
		final float[][] planes = { { 0, 1, 2, 10, 11, 12 } };
		final float[] nhwc = NhwcLayout.pack(shape, planes, 0, 1, 6, 4);
		assertArrayEquals(new float[] { 0, 1, 2, 1, 0, 1, 10, 11, 12, 11, 10, 11, 0, 1, 2, 1, 0, 1, 10, 11, 12, 11, 10,
			11 }, nhwc, 0);
	}

	@Test
	void unpackCropsBack() {
		final ImageShape shape = new ImageShape(7, 5);
		final Random random = new Random(1);
		final float[][] planes = new float[3][35];
		for (final float[] p : planes) for (int i = 0; i < p.length; i++) p[i] = random.nextFloat();
		final float[] nhwc = NhwcLayout.pack(shape, planes, 1, 2, 8, 8);
		final float[][] out = { new float[35], new float[35], new float[35] };
		NhwcLayout.unpack(nhwc, 8, 8, shape, out, 0, 2);
		assertArrayEquals(planes[1], out[0], 0);
		assertArrayEquals(planes[2], out[1], 0);
	}

	/** {@code <pack(x), g> = <x, unpackAdjoint(g)>} and {@code <packZeroPadded(v), g> = <v, unpack(g)>}. */
	@Test
	void adjointsSatisfyTheDotProductIdentity() {
		final ImageShape shape = new ImageShape(6, 5);
		final Random random = new Random(2);
		final float[][] x = new float[2][30];
		for (final float[] p : x) for (int i = 0; i < p.length; i++) p[i] = (float) random.nextGaussian();
		final float[] g = new float[2 * 8 * 8];
		for (int i = 0; i < g.length; i++) g[i] = (float) random.nextGaussian();

		final float[][] back = { new float[30], new float[30] };
		NhwcLayout.unpackAdjoint(g, 8, 8, shape, back, 0, 2);
		assertEquals(dot(NhwcLayout.pack(shape, x, 0, 2, 8, 8), g), dot(x[0], back[0]) + dot(x[1], back[1]), 1e-4);

		NhwcLayout.unpack(g, 8, 8, shape, back, 0, 2);
		assertEquals(dot(NhwcLayout.packZeroPadded(shape, x, 0, 2, 8, 8), g), dot(x[0], back[0]) + dot(x[1], back[1]),
			1e-4);
	}

	@Test
	void paddedSizeIsTheNextMultiple() {
		assertEquals(8, NhwcLayout.paddedSize(5, 4));
		assertEquals(8, NhwcLayout.paddedSize(8, 4));
		assertEquals(1, NhwcLayout.paddedSize(1, 1));
	}

	static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * (double) b[i];
		return s;
	}
}
