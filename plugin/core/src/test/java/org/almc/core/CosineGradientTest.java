package org.almc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.util.Dct;
import org.junit.jupiter.api.Test;

/** The likelihood's gradient in the DCT-II basis is the DCT of its gradient, and is offered only where it is exact. */
class CosineGradientTest {

	private static final ImageShape IMAGE = new ImageShape(48, 40);
	private static final ImageShape PSF = new ImageShape(9, 9);

	/** A Gaussian blob: symmetric along both axes. */
	private static float[] gaussianPsf() {
		final float[] psf = new float[PSF.size()];
		double sum = 0;
		for (int y = 0; y < 9; y++) {
			for (int x = 0; x < 9; x++) sum += psf[x + 9 * y] = (float) Math.exp(-((x - 4) * (x - 4) + (y - 4) * (y - 4)) / 4.0);
		}
		for (int i = 0; i < psf.length; i++) psf[i] /= (float) sum;
		return psf;
	}

	@Test
	void cosineGradientIsTheTransformOfTheGradient() {
		final SplittableRandom r = new SplittableRandom(9);
		final PsfConvolution blur = new PsfConvolution(IMAGE, PSF, gaussianPsf(), PsfConvolution.Boundary.MIRROR);
		final float[] y = new float[IMAGE.size()];
		final boolean[] valid = new boolean[y.length];
		for (int i = 0; i < y.length; i++) {
			y[i] = (float) (0.3 + 0.2 * Math.sin(i * 0.05) + 0.02 * r.nextGaussian());
			valid[i] = i % 37 != 0;
		}
		// camera noise with variances frozen from the local mean, and a mask: uneven weights
		final MeasurementModel model = new MeasurementModel(blur, PoissonGaussianNoise.fromCamera(1, 100, 2, 100, 200)
			.withLocalMeanVariance(PoissonGaussianNoise.DEFAULT_LOCAL_MEAN_RADIUS), y, valid);
		assertTrue(model.offersCosineGradient());
		final CosineLikelihood copy = (CosineLikelihood) model.copy();
		assertTrue(copy.offersCosineGradient());
		final Dct dct = new Dct(IMAGE);
		for (int trial = 0; trial < 3; trial++) {
			final float[] x = new float[y.length];
			for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 + 0.1 * r.nextGaussian());
			final float[] expected = new float[x.length];
			model.gradient(x, expected);
			dct.forward(expected);
			final float[] xHat = x.clone();
			dct.forward(xHat);
			final float[] actual = new float[x.length];
			copy.cosineGradient(xHat, actual);
			double scale = 0;
			for (final float v : expected) scale += (double) v * v;
			scale = Math.sqrt(scale / expected.length);
			for (int f = 0; f < x.length; f++) assertEquals(expected[f], actual[f], 1e-4 * scale, "frequency " + f);
		}
	}

	@Test
	void offeredOnlyWhereTheBasisDiagonalizesABlur() {
		final float[] y = new float[IMAGE.size()];
		assertFalse(new MeasurementModel(new IdentityOperator(IMAGE), new GaussianNoise(0.1), y, null).offersCosineGradient(),
			"the identity's gradient needs no transform");
		final float[] skewed = gaussianPsf();
		skewed[0] += 0.01f;
		assertFalse(new MeasurementModel(new PsfConvolution(IMAGE, PSF, skewed, PsfConvolution.Boundary.MIRROR), new GaussianNoise(0.1), y,
			null).offersCosineGradient(), "asymmetric PSF");
		assertFalse(new MeasurementModel(new PsfConvolution(IMAGE, PSF, gaussianPsf(), PsfConvolution.Boundary.PERIODIC), new GaussianNoise(
			0.1), y, null).offersCosineGradient(), "periodic boundaries");
	}
}
