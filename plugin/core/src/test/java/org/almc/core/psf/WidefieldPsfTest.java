package org.almc.core.psf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.almc.core.ImageShape;
import org.almc.core.operator.PsfConvolution;
import org.apache.commons.math3.special.BesselJ;
import org.junit.jupiter.api.Test;

class WidefieldPsfTest {

	private static final double LAMBDA = 520, NA = 1.4, NI = 1.515;
	private static final WidefieldOptics OIL = new WidefieldOptics(NA, LAMBDA, NI);

	@Test
	void besselJ0MatchesCommonsMath() {
		for (double x = 0; x < 400; x += 0.37) {
			assertEquals(BesselJ.value(0, x), BesselJ0.value(x), 2e-11, "J0(" + x + ")");
		}
		assertEquals(BesselJ.value(0, 11.999), BesselJ0.value(11.999), 1e-11);
		assertEquals(BesselJ.value(0, 12.0), BesselJ0.value(12.0), 1e-11);
	}

	@Test
	void inFocusPlaneHasUnitSumAndMirrorSymmetry() {
		final BornWolfPsf model = new BornWolfPsf(OIL, PsfSampling.plane(20, 65));
		final float[] psf = model.render();
		assertEquals(new ImageShape(65, 65), model.shape());
		assertEquals(65 * 65, psf.length);
		double sum = 0;
		int argmax = 0;
		for (int i = 0; i < psf.length; i++) {
			assertTrue(psf[i] >= 0, "negative value at " + i);
			sum += psf[i];
			if (psf[i] > psf[argmax]) argmax = i;
		}
		assertEquals(1.0, sum, 1e-5);
		assertEquals(32 + 65 * 32, argmax, "peak at the middle pixel");
		for (int y = 0; y < 65; y++) {
			for (int x = 0; x < 65; x++) {
				final float v = psf[x + 65 * y];
				assertEquals(v, psf[y + 65 * x], 1e-6f * psf[argmax], "x<->y at " + x + "," + y);
				assertEquals(v, psf[64 - x + 65 * y], 0f, "+-x at " + x + "," + y);
				assertEquals(v, psf[x + 65 * (64 - y)], 0f, "+-y at " + x + "," + y);
			}
		}
		// so mirror-boundary blur by it is diagonal in the DCT-II basis, where the samplers apply it
		assertTrue(new PsfConvolution(new ImageShape(128, 96), model.shape(), psf, PsfConvolution.Boundary.MIRROR).cosineEigenvalues()
			.isPresent());
	}

	@Test
	void inFocusFwhmAndFirstZeroMatchTheAiryPattern() {
		final double pixel = 20;
		final float[] psf = new BornWolfPsf(OIL, PsfSampling.plane(pixel, 65)).render();
		final double[] row = new double[33];
		for (int x = 0; x < 33; x++) row[x] = psf[32 + x + 65 * 32];
		// Airy: (2 J1(v)/v)^2 = 1/2 at v = 1.6163 -> FWHM = 2 * 1.6163 / (k NA) = 0.5145 lambda / NA = 191.1 nm
		final double airyFwhm = 2 * 1.61634 / (2 * Math.PI / LAMBDA * NA);
		final double fwhm = 2 * halfMaxCrossing(row) * pixel;
		assertEquals(airyFwhm, fwhm, 0.02 * airyFwhm, "in-focus FWHM (nm)");
		assertEquals(0.51 * LAMBDA / NA, fwhm, 0.03 * airyFwhm, "rule-of-thumb 0.51 lambda / NA");
		// first zero of J1 at v = 3.8317 -> r = 0.6098 lambda / NA = 226.5 nm = 11.3 pixels
		final double firstZero = 3.83171 / (2 * Math.PI / LAMBDA * NA);
		int argmin = 5;
		for (int x = 5; x < 17; x++) if (row[x] < row[argmin]) argmin = x;
		assertEquals(firstZero / pixel, argmin, 1.0, "radial minimum (pixels)");
		assertEquals(0.61 * LAMBDA / NA, firstZero, 0.005 * firstZero);
		// the point intensity itself vanishes there, and is (2 J1(v) / v)^2 elsewhere
		final BornWolfPsf model = new BornWolfPsf(OIL, PsfSampling.plane(pixel, 3));
		final double peak = model.pointIntensity(0, 0);
		assertEquals(0.25, peak, 1e-10);
		assertEquals(0, model.pointIntensity(firstZero, 0) / peak, 1e-9);
		for (double v = 0.5; v < 20; v += 0.7) {
			final double airy = 2 * BesselJ.value(1, v) / v;
			assertEquals(airy * airy, model.pointIntensity(v / (2 * Math.PI / LAMBDA * NA), 0) / peak, 1e-8, "v = " + v);
		}
	}

	@Test
	void paraxialAxialProfileIsExactlySincSquared() {
		final BornWolfPsf model = new BornWolfPsf(OIL, new PsfSampling(20, 50, 33, 33, 41));
		final double peak = model.pointIntensity(0, 0);
		final double k = 2 * Math.PI / LAMBDA;
		for (double z = -3000; z <= 3000; z += 137) {
			final double u = k * z * NA * NA / (4 * NI);
			final double sinc = u == 0 ? 1 : Math.sin(u) / u;
			assertEquals(sinc * sinc, model.pointIntensity(0, z) / peak, 1e-9, "z = " + z);
		}
		// the rendered stack: symmetric in z, peak in the middle plane, axial FWHM 2 * 1.39156 * 4 n_i / (k NA^2)
		final float[] psf = model.render();
		final double[] column = centreColumn(psf, 33, 33, 41);
		assertEquals(20, argmax(column));
		for (int j = 0; j < 20; j++) assertEquals(column[20 + j], column[20 - j], 1e-6 * column[20], "z symmetry, plane " + j);
		final double expected = 2 * 1.39156 * 4 * NI / (k * NA * NA);
		assertEquals(expected, 2 * halfMaxCrossing(java.util.Arrays.copyOfRange(column, 20, 41)) * 50, 0.03 * expected,
			"paraxial axial FWHM (nm)");
	}

	@Test
	void nonParaxialAxialFwhmMatchesTheHighNaFormula() {
		final BornWolfPsf model = new BornWolfPsf(OIL, new PsfSampling(20, 25, 21, 21, 61), BornWolfPsf.Defocus.NON_PARAXIAL);
		final double[] column = centreColumn(model.render(), 21, 21, 61);
		assertEquals(30, argmax(column));
		final double fwhm = 2 * halfMaxCrossing(java.util.Arrays.copyOfRange(column, 30, 61)) * 25;
		final double expected = 0.88 * LAMBDA / (NI - Math.sqrt(NI * NI - NA * NA));
		assertEquals(expected, fwhm, 0.15 * expected, "axial FWHM (nm)");
	}

	@Test
	void gibsonLanniAsDesignedEqualsNonParaxialBornWolf() {
		final PsfSampling grid = new PsfSampling(40, 100, 31, 31, 21);
		final GibsonLanniPsf matched = new GibsonLanniPsf(OIL,
			new GibsonLanniPsf.Layers(NI, 0, NI, NI, 170_000, 170_000, NI, 150_000), grid);
		final BornWolfPsf born = new BornWolfPsf(OIL, grid, BornWolfPsf.Defocus.NON_PARAXIAL);
		final float[] a = matched.render(), b = born.render();
		assertArrayEquals(b, a, 1e-6f * max(b));
		// in focus, the paraxial Born-Wolf plane is the same integral too
		final PsfSampling plane = PsfSampling.plane(40, 31);
		assertArrayEquals(new BornWolfPsf(OIL, plane).render(),
			new GibsonLanniPsf(OIL, NI, 0, plane).render(), 1e-6f * max(b));
		// and as designed, the depth does not matter
		assertArrayEquals(a, new GibsonLanniPsf(OIL, new GibsonLanniPsf.Layers(NI, 10_000, NI, NI, 170_000, 170_000, NI, 150_000),
			grid).render(), 1e-6f * max(b));
	}

	@Test
	void refractiveIndexMismatchShiftsAndSkewsTheAxialProfile() {
		final WidefieldOptics optics = new WidefieldOptics(1.3, LAMBDA, NI);
		final PsfSampling grid = new PsfSampling(50, 100, 21, 21, 81);
		final double[] column = centreColumn(new GibsonLanniPsf(optics, 1.33, 10_000, grid).render(), 21, 21, 81);
		final int peak = argmax(column);
		final double peakZ = grid.planeOffset(peak);
		// focal shift: paraxially z_p (1 - n_i / n_s) = -1391 nm; the marginal rays of NA 1.3 focus shallower
		// still, so the intensity peak lies further, about -2.2 um (nominal / actual depth about 1.2)
		assertTrue(peakZ < -1000 && peakZ > -3000, "peak at z = " + peakZ + " nm");
		// spherical aberration: on the deep side (z < peak) axial side lobes, on the shallow side a monotone
		// tail (measured: a lobe of 29 % of the peak 1.5 um below it; no lobe within 2 um above)
		double lobe = 0;
		for (int j = Math.max(1, peak - 17); j < peak - 3; j++) {
			if (column[j] > column[j - 1] && column[j] > column[j + 1]) lobe = Math.max(lobe, column[j] / column[peak]);
		}
		assertTrue(lobe > 0.2, "deep-side axial lobe " + lobe + " of the peak");
		for (int j = peak; j < peak + 20; j++) assertTrue(column[j + 1] < column[j], "shallow side decreases at plane " + j);
		// with matched indices the same grid is symmetric about focus
		final double[] matched = centreColumn(new GibsonLanniPsf(optics, NI, 10_000, grid).render(), 21, 21, 81);
		assertEquals(40, argmax(matched));
		for (int j = 1; j <= 40; j++) assertEquals(matched[40 - j], matched[40 + j], 1e-6 * matched[40]);
	}

	@Test
	void invalidParametersAreRejectedWithTheirName() {
		assertMessage(() -> new WidefieldOptics(1.6, 520, 1.515), "numericalAperture = 1.6");
		assertMessage(() -> new WidefieldOptics(1.2, -5, 1.515), "emissionWavelength (nm) = -5.0");
		assertMessage(() -> new WidefieldOptics(0.5, 520, 0.9), "immersionIndex = 0.9");
		assertMessage(() -> new PsfSampling(0, 100, 11, 11, 11), "pixelSize (nm) = 0.0");
		assertMessage(() -> new PsfSampling(20, 100, 10, 11, 11), "sizeX = 10");
		assertMessage(() -> new PsfSampling(20, 100, 11, 11, 0), "sizeZ = 0");
		assertMessage(() -> new PsfSampling(20, 0, 11, 11, 5), "zStep (nm) = 0.0");
		assertMessage(() -> GibsonLanniPsf.Layers.of(1.33, -1, 1.515), "particleDepth (nm) = -1.0");
		assertMessage(() -> new BornWolfPsf(OIL, PsfSampling.plane(20, 5)).pointIntensity(-1, 0), "r = -1.0");
	}

	private static void assertMessage(final org.junit.jupiter.api.function.Executable e, final String fragment) {
		final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
		assertTrue(x.getMessage().contains(fragment), x.getMessage());
	}

	/** Distance (in samples) from index 0 where a decreasing profile crosses half its value at 0. */
	private static double halfMaxCrossing(final double[] profile) {
		final double half = profile[0] / 2;
		for (int i = 1; i < profile.length; i++) {
			if (profile[i] <= half) return i - 1 + (profile[i - 1] - half) / (profile[i - 1] - profile[i]);
		}
		throw new AssertionError("profile never drops to half maximum");
	}

	private static double[] centreColumn(final float[] psf, final int nx, final int ny, final int nz) {
		final double[] c = new double[nz];
		for (int z = 0; z < nz; z++) c[z] = psf[(nx - 1) / 2 + nx * ((ny - 1) / 2 + ny * z)];
		return c;
	}

	private static int argmax(final double[] a) {
		int m = 0;
		for (int i = 1; i < a.length; i++) if (a[i] > a[m]) m = i;
		return m;
	}

	private static float max(final float[] a) {
		float m = a[0];
		for (final float v : a) m = Math.max(m, v);
		return m;
	}
}
