package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.almc.model.PercentileNormalization;
import org.junit.jupiter.api.Test;

/** The zoom out of {@link PatchSampler}: area averages of a larger square beside the held-out strip. */
class PatchSamplerZoomTest {

	private static final PercentileNormalization.Fit UNIT = new PercentileNormalization.Fit(0, 1);

	@Test
	void areaWeightsShareEverySourcePixelOut() {
		for (final int extent : new int[] { 32, 33, 47, 64 }) {
			final double[][] w = PatchSampler.areaWeights(extent, 32);
			final double[] perSource = new double[extent];
			for (final double[] row : w) {
				double sum = 0;
				for (int p = 0; p < extent; p++) {
					sum += row[p];
					perSource[p] += row[p];
				}
				assertEquals(1, sum, 1e-12, "each cell is an average");
			}
			for (final double s : perSource) assertEquals(32.0 / extent, s, 1e-12, "each source pixel counts by its area");
		}
	}

	/**
	 * On a plane {@code x + y / 2} with the held-out strip's columns NaN, every zoomed patch is finite (the strip never
	 * enters) and within 0.2 of a plane (a cell's average of the
	 * plane's staircase strays from the plane by at most 1/8 of its slope per axis) whose slopes are {@code z} and {@code z / 2}, in whichever
	 * flip or turn, with {@code z} spread over {@code (1, 2]}.
	 */
	@Test
	void zoomedPatchesAverageAPlaneAwayFromTheStrip() {
		final int w = 200, h = 160, stripFrom = 80, stripTo = 120, size = 32;
		final float[] pixels = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) pixels[y * w + x] = x >= stripFrom && x < stripTo ? Float.NaN : x + 0.5f * y;
		}
		final PatchSampler sampler = new PatchSampler(List.of(new TrainingImage("plane", pixels, w, h, stripFrom, stripTo, null, UNIT)),
			List.of(), 0, 0, 0, 1, 2);
		final Random random = new Random(3);
		final float[] patch = new float[size * size];
		double least = Double.POSITIVE_INFINITY, most = 0;
		for (int k = 0; k < 200; k++) {
			sampler.sample(random, size, patch, 0);
			// the least-squares plane
			double mean = 0, sx = 0, sy = 0, sxx = 0;
			for (int i = 0; i < size * size; i++) mean += patch[i] / (size * size);
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					final double dx = x - (size - 1) / 2.0, dy = y - (size - 1) / 2.0, d = patch[y * size + x] - mean;
					sx += dx * d;
					sy += dy * d;
					sxx += dx * dx;
				}
			}
			final double stepX = sx / (sxx / size) / size, stepY = sy / (sxx / size) / size;
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					final double expected = mean + (x - (size - 1) / 2.0) * stepX + (y - (size - 1) / 2.0) * stepY;
					assertTrue(Math.abs(patch[y * size + x] - expected) < 0.2,
						"draw " + k + " at (" + x + ", " + y + "): " + patch[y * size + x] + ", the plane gives " + expected);
				}
			}
			final double major = Math.max(Math.abs(stepX), Math.abs(stepY)), minor = Math.min(Math.abs(stepX), Math.abs(stepY));
			assertEquals(2, major / minor, 0.02, "the plane's slopes 1 and 1/2, each scaled by the zoom");
			assertTrue(major > 0.99 && major <= 2.02, "zoom " + major);
			least = Math.min(least, major);
			most = Math.max(most, major);
		}
		assertTrue(least < 1.2 && most > 1.8, "zooms drawn over (1, 2]: " + least + " to " + most);
	}

	@Test
	void anImageTooSmallForTheSquareGivesItsPatchAsItIs() {
		final int size = 32;
		final float[] pixels = new float[40 * 40];
		for (int i = 0; i < pixels.length; i++) pixels[i] = i % 40 + 0.5f * (i / 40);
		final PatchSampler sampler = new PatchSampler(List.of(new TrainingImage("small", pixels, 40, 40, 40, 40, null, UNIT)),
			List.of(), 0, 0, 0, 1, 4);
		final Random random = new Random(4);
		final float[] patch = new float[size * size];
		int unzoomed = 0;
		for (int k = 0; k < 100; k++) {
			sampler.sample(random, size, patch, 0);
			final double major = Math.max(Math.abs(patch[1] - patch[0]), Math.abs(patch[size] - patch[0]));
			assertTrue(major >= 1 - 1e-4 && major <= 40.0 / 32 + 1e-4, "zoom " + major);
			if (Math.abs(major - 1) < 1e-4) unzoomed++;
		}
		// zooms above 40 / 32 (about 92% of the draws from [1, 4]) do not fit and fall back to the plain patch
		assertTrue(unzoomed > 70, unzoomed + " of 100 plain patches");
	}

	@Test
	void badSettingsAreNamed() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PatchSampler(List.of(new TrainingImage(
			"a", new float[64 * 64], 64, 64, 64, 64, null, UNIT)), List.of(), 0, 0, 0, 0.5, 0.5));
		assertTrue(e.getMessage().contains("--zoom-out"), e.getMessage());
	}
}
