package org.almc.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.almc.core.ImageShape;
import org.almc.core.util.Reflection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ForwardOperatorTest {

	static float[] random(final int n, final SplittableRandom r) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
		return v;
	}

	static float[] positivePsf(final ImageShape shape, final SplittableRandom r) {
		final float[] p = new float[shape.size()];
		double sum = 0;
		for (int i = 0; i < p.length; i++) sum += p[i] = (float) (0.1 + r.nextDouble());
		for (int i = 0; i < p.length; i++) p[i] /= (float) sum;
		return p;
	}

	/** A positive PSF made symmetric along every axis by averaging it with its mirror images. */
	static float[] symmetricPsf(final ImageShape shape, final SplittableRandom r) {
		float[] p = positivePsf(shape, r);
		int stride = 1;
		for (int d = 0; d < shape.numDimensions(); d++) {
			final float[] q = new float[p.length];
			for (int i = 0; i < p.length; i++) {
				final int k = i / stride % shape.dim(d);
				q[i] = 0.5f * (p[i] + p[i + (shape.dim(d) - 1 - 2 * k) * stride]);
			}
			p = q;
			stride *= shape.dim(d);
		}
		return p;
	}

	static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
		return s;
	}

	static Stream<Arguments> operators() {
		final SplittableRandom r = new SplittableRandom(7);
		final Stream.Builder<Arguments> b = Stream.builder();
		b.add(Arguments.of("identity 2D", new IdentityOperator(new ImageShape(9, 7))));
		final int[][][] cases = {
			{ { 16 }, { 5 } }, { { 9, 7 }, { 3, 5 } }, { { 8, 8 }, { 5, 5 } }, { { 64, 48 }, { 15, 13 } },
			{ { 10, 9, 6 }, { 3, 5, 3 } }, { { 24, 20, 16 }, { 9, 7, 5 } }, { { 5, 5 }, { 5, 5 } } };
		for (final int[][] c : cases) {
			final ImageShape image = new ImageShape(c[0]), psf = new ImageShape(c[1]);
			for (final PsfConvolution.Boundary boundary : PsfConvolution.Boundary.values()) {
				b.add(Arguments.of("psf " + image + " * " + psf + " " + boundary,
					new PsfConvolution(image, psf, positivePsf(psf, r), boundary)));
			}
		}
		// axis-symmetric PSFs with mirror boundaries: applied in the DCT-II basis
		final int[][][] symmetric = { { { 64, 48 }, { 15, 13 } }, { { 40, 36, 28 }, { 9, 7, 5 } } };
		for (final int[][] c : symmetric) {
			final ImageShape image = new ImageShape(c[0]), psf = new ImageShape(c[1]);
			final PsfConvolution a = new PsfConvolution(image, psf, symmetricPsf(psf, r), PsfConvolution.Boundary.MIRROR);
			assertTrue(a.usesCosinePath(), image + " * " + psf);
			b.add(Arguments.of("symmetric psf " + image + " * " + psf + " MIRROR, cosine path", a));
		}
		return b.build();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operators")
	void adjointSatisfiesTheDotProductIdentity(final String name, final ForwardOperator a) {
		final SplittableRandom r = new SplittableRandom(11);
		for (int trial = 0; trial < 3; trial++) {
			final float[] x = random(a.inputShape().size(), r), y = random(a.outputShape().size(), r);
			final float[] ax = new float[y.length], aty = new float[x.length];
			a.apply(x, ax);
			a.adjoint(y, aty);
			final double lhs = dot(ax, y), rhs = dot(x, aty);
			final double scale = Math.sqrt(dot(ax, ax) * dot(y, y)) + Math.sqrt(dot(x, x) * dot(aty, aty));
			assertEquals(lhs, rhs, 1e-5 * scale, name);
		}
	}

	/** Two images in one pass (the FFT's real and imaginary parts) give what two single passes give. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("operators")
	void pairedPassesMatchSinglePasses(final String name, final ForwardOperator a) {
		final SplittableRandom r = new SplittableRandom(13);
		final int n = a.inputShape().size(), m = a.outputShape().size();
		final float[] x1 = random(n, r), x2 = random(n, r), y1 = random(m, r), y2 = random(m, r);
		final float[] e1 = new float[m], e2 = new float[m], p1 = new float[m], p2 = new float[m];
		a.apply(x1, e1);
		a.apply(x2, e2);
		a.applyPair(x1, x2, p1, p2);
		final float[] f1 = new float[n], f2 = new float[n], q1 = new float[n], q2 = new float[n];
		a.adjoint(y1, f1);
		a.adjoint(y2, f2);
		a.adjointPair(y1, y2, q1, q2);
		for (final float[][] pair : new float[][][] { { e1, p1 }, { e2, p2 }, { f1, q1 }, { f2, q2 } }) {
			final double scale = Math.sqrt(dot(pair[0], pair[0]) / pair[0].length);
			for (int i = 0; i < pair[0].length; i++) assertEquals(pair[0][i], pair[1][i], 1e-5 * scale + 1e-7, name + " pixel " + i);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operators")
	void normBoundIsAnUpperBound(final String name, final ForwardOperator a) {
		// power iteration on A^T A gives a lower estimate of |A|^2
		final SplittableRandom r = new SplittableRandom(3);
		float[] v = random(a.inputShape().size(), r);
		final float[] av = new float[a.outputShape().size()];
		final float[] w = new float[v.length];
		double estimate = 0;
		for (int k = 0; k < 50; k++) {
			final double norm = Math.sqrt(dot(v, v));
			for (int i = 0; i < v.length; i++) v[i] /= (float) norm;
			a.apply(v, av);
			a.adjoint(av, w);
			estimate = dot(v, w);
			v = w.clone();
		}
		assertTrue(estimate <= a.normSquaredBound() * (1 + 1e-4), name + ": power iteration " + estimate + " > bound " + a.normSquaredBound());
		assertTrue(a.normSquaredBound() <= 4 * estimate + 1e-6, name + ": bound " + a.normSquaredBound() + " is loose against " + estimate);
	}

	/** Direct evaluation of a mirror-padded convolution, the definition the operator must match. */
	static float[] directMirrorConvolution(final float[] x, final ImageShape image, final float[] psf, final ImageShape psfShape) {
		final int nx = image.dim(0), ny = image.dim(1), kx = psfShape.dim(0), ky = psfShape.dim(1);
		final float[] out = new float[x.length];
		for (int y = 0; y < ny; y++) {
			for (int xx = 0; xx < nx; xx++) {
				double sum = 0;
				for (int j = 0; j < ky; j++) {
					for (int i = 0; i < kx; i++) {
						final int sx = Reflection.halfSample(xx - (i - (kx - 1) / 2), nx);
						final int sy = Reflection.halfSample(y - (j - (ky - 1) / 2), ny);
						sum += psf[i + kx * j] * x[sx + nx * sy];
					}
				}
				out[xx + nx * y] = (float) sum;
			}
		}
		return out;
	}

	@Test
	void mirrorConvolutionMatchesDirectSumOnBothCodePaths() {
		final SplittableRandom r = new SplittableRandom(5);
		// a small problem (direct sparse path) and a larger one (FFT path)
		final int[][][] cases = { { { 9, 7 }, { 5, 3 } }, { { 64, 48 }, { 15, 13 } } };
		for (final int[][] c : cases) {
			final ImageShape image = new ImageShape(c[0]), psfShape = new ImageShape(c[1]);
			final float[] psf = positivePsf(psfShape, r);
			final float[] x = random(image.size(), r);
			final float[] expected = directMirrorConvolution(x, image, psf, psfShape);
			final float[] actual = new float[image.size()];
			new PsfConvolution(image, psfShape, psf, PsfConvolution.Boundary.MIRROR).apply(x, actual);
			for (int i = 0; i < actual.length; i++) assertEquals(expected[i], actual[i], 1e-5, image + " pixel " + i);
		}
	}

	/**
	 * With an axis-symmetric PSF and mirror boundaries the DCT-II basis diagonalizes the operator: the
	 * cosine path gives what the padded FFT (or the direct sums) give, in 1D, 2D and 3D, and its
	 * eigenvalues are those the padded operator has on the DCT basis.
	 */
	@Test
	void cosinePathMatchesThePaddedConvolutionForSymmetricPsfs() {
		final SplittableRandom r = new SplittableRandom(17);
		final int[][][] cases = { { { 64, 48 }, { 15, 13 } }, { { 40, 36, 28 }, { 9, 7, 5 } }, { { 300 }, { 21 } }, { { 9, 7 }, { 5, 3 } },
			{ { 33, 20 }, { 33, 9 } } };
		for (final int[][] c : cases) {
			final ImageShape image = new ImageShape(c[0]), psfShape = new ImageShape(c[1]);
			final float[] psf = symmetricPsf(psfShape, r);
			final PsfConvolution cosine = new PsfConvolution(image, psfShape, psf, PsfConvolution.Boundary.MIRROR);
			final PsfConvolution padded = new PsfConvolution(image, psfShape, psf, PsfConvolution.Boundary.MIRROR, false);
			assertFalse(padded.usesCosinePath());
			final float[] x = random(image.size(), r), expected = new float[x.length], actual = new float[x.length];
			padded.apply(x, expected);
			cosine.apply(x, actual);
			final double scale = Math.sqrt(dot(expected, expected) / expected.length);
			for (int i = 0; i < x.length; i++) assertEquals(expected[i], actual[i], 1e-5 * scale, image + " apply, pixel " + i);
			padded.adjoint(x, expected);
			cosine.adjoint(x, actual);
			for (int i = 0; i < x.length; i++) assertEquals(expected[i], actual[i], 1e-5 * scale, image + " adjoint, pixel " + i);
			// the eigenvalues: A C^T e_f = mu_f C^T e_f for a few basis vectors
			final org.almc.core.util.Dct dct = new org.almc.core.util.Dct(image);
			final float[] mu = cosine.cosineEigenvalues().orElseThrow();
			for (final int f : new int[] { 0, 1, image.size() / 3, image.size() - 1 }) {
				final float[] basis = new float[image.size()];
				basis[f] = 1;
				dct.inverse(basis);
				padded.apply(basis, expected);
				dct.forward(expected);
				for (int g = 0; g < expected.length; g++) assertEquals(g == f ? mu[f] : 0, expected[g], 1e-5, image + " frequency " + f + " -> " + g);
			}
		}
	}

	@Test
	void asymmetricPsfsAndPeriodicBoundariesKeepThePaddedFft() {
		final ImageShape image = new ImageShape(64, 48), psfShape = new ImageShape(15, 13);
		final float[] psf = symmetricPsf(psfShape, new SplittableRandom(3));
		psf[0] *= 1.01f;
		final PsfConvolution asymmetric = new PsfConvolution(image, psfShape, psf, PsfConvolution.Boundary.MIRROR);
		assertFalse(asymmetric.usesCosinePath());
		assertTrue(asymmetric.cosineEigenvalues().isEmpty());
		final PsfConvolution periodic = new PsfConvolution(image, psfShape, symmetricPsf(psfShape, new SplittableRandom(3)),
			PsfConvolution.Boundary.PERIODIC);
		assertFalse(periodic.usesCosinePath());
		assertTrue(periodic.cosineEigenvalues().isEmpty());
	}

	@Test
	void aCentredDeltaPsfIsTheIdentity() {
		final ImageShape image = new ImageShape(40, 30), psfShape = new ImageShape(7, 5);
		final float[] psf = new float[psfShape.size()];
		psf[3 + 7 * 2] = 1;
		final float[] x = random(image.size(), new SplittableRandom(1)), out = new float[image.size()];
		for (final PsfConvolution.Boundary b : PsfConvolution.Boundary.values()) {
			new PsfConvolution(image, psfShape, psf, b).apply(x, out);
			for (int i = 0; i < x.length; i++) assertEquals(x[i], out[i], 1e-5);
		}
	}

	@Test
	void mirrorBoundaryPreservesAConstantImage() {
		final ImageShape image = new ImageShape(20, 12), psfShape = new ImageShape(9, 9);
		final float[] psf = positivePsf(psfShape, new SplittableRandom(2));
		final float[] ones = new float[image.size()], out = new float[image.size()];
		java.util.Arrays.fill(ones, 1f);
		new PsfConvolution(image, psfShape, psf, PsfConvolution.Boundary.MIRROR).apply(ones, out);
		for (final float v : out) assertEquals(1f, v, 1e-5);
	}

	@Test
	void badPsfsAreRejectedWithAReason() {
		final ImageShape image = new ImageShape(16, 16);
		final IllegalArgumentException even = assertThrows(IllegalArgumentException.class,
			() -> new PsfConvolution(image, new ImageShape(4, 5), new float[20], PsfConvolution.Boundary.MIRROR));
		assertTrue(even.getMessage().contains("even"), even.getMessage());
		final IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
			() -> new PsfConvolution(image, new ImageShape(3, 3, 3), new float[27], PsfConvolution.Boundary.MIRROR));
		assertTrue(dims.getMessage().contains("3D"), dims.getMessage());
		final IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
			() -> new PsfConvolution(image, new ImageShape(17, 3), new float[51], PsfConvolution.Boundary.MIRROR));
		assertTrue(large.getMessage().contains("larger than the image"), large.getMessage());
	}
}
