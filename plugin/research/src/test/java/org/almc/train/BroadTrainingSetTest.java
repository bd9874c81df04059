package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.almc.core.util.Reflection;
import org.almc.model.PercentileNormalization;
import org.almc.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The broad prior's training data: the held-out set stays out, movies and binned images are weighed as one image each. */
class BroadTrainingSetTest {

	private static final PercentileNormalization NORMALIZATION = new PercentileNormalization(1, 99.8);

	@Test
	void realImagesLeaveTheHeldOutSetOutAndWeighMoviesAsOneImage() throws IOException {
		for (final BroadTrainingSet.Entry e : BroadTrainingSet.TRAIN) SharedData.require("train/" + e.file());
		final List<TrainingImage> images = BroadTrainingSet.realImages(SharedData.folder(), NORMALIZATION);
		double membraneMovie = 0;
		for (final TrainingImage img : images) {
			final String file = img.name.replaceFirst("#.*", "");
			assertTrue(!PriorReport.EXCLUDED_FROM_TRAINING.contains(file), img.name + " is held out");
			assertTrue(img.width >= 64 && img.height >= 64, img.name + " is smaller than a 64 x 64 patch");
			if (file.equals("bian__membrane_2d_timelapse.tif")) membraneMovie += img.weight;
			if (img.name.startsWith("neubias__xy_16bit__autophagosomes.tif")) {
				assertEquals(148 / 2, img.width, "binned 2 x 2");
				assertEquals(182 / 2, img.height, "binned 2 x 2");
				assertTrue(img.name.endsWith("#bin2"), img.name);
			}
		}
		assertEquals(1, membraneMovie, 1e-9, "the 5 frames of a movie weigh one image together");
		// 3 BPAE channels; 9 single-plane files, 3 files of 2 channels, movies of 4, 5 and 5 frames
		assertEquals(3 + 9 + 3 * 2 + 4 + 5 + 5, images.size());
	}

	@Test
	void phantomsIncludeEveryTestPattern() {
		final List<TrainingImage> phantoms = BroadTrainingSet.phantoms(NORMALIZATION, 2, 64, 1000, 2);
		assertEquals(2 + 4 * 2, phantoms.size());
		assertTrue(phantoms.stream().anyMatch(p -> p.name.startsWith("star-")) && phantoms.stream().anyMatch(p -> p.name.startsWith("grid-")));
	}

	/** Patches are drawn per image in proportion to the weights: 1 : 3 over 4000 draws, within 4 binomial standard deviations. */
	@Test
	void patchesFollowTheWeights() {
		final float[] a = new float[64 * 64], b = new float[64 * 64];
		java.util.Arrays.fill(b, 1);
		final PercentileNormalization.Fit unit = new PercentileNormalization.Fit(0, 1);
		final PatchSampler sampler = new PatchSampler(List.of(new TrainingImage("a", a, 64, 64, 64, 64, null, unit, 1), new TrainingImage("b",
			b, 64, 64, 64, 64, null, unit, 3)), List.of(), 0, 0, 0);
		final Random random = new Random(5);
		final float[] patch = new float[32 * 32];
		int fromA = 0;
		final int draws = 4000;
		for (int k = 0; k < draws; k++) {
			sampler.sample(random, 32, patch, 0);
			if (patch[0] == 0) fromA++;
		}
		final double sd = Math.sqrt(draws * 0.25 * 0.75);
		assertEquals(draws * 0.25, fromA, 4 * sd);
	}

	/**
	 * An image smaller than the patch (here 10 x 6, with its held-out strip at columns 7..9) fills the patch by mirroring the
	 * part left of its strip: every value comes from there, neighbouring patch pixels are neighbours or mirror images in
	 * the image, and every pixel of that part appears.
	 */
	@Test
	void imagesSmallerThanThePatchAreMirrored() {
		final int w = 10, h = 6, stripFrom = 7, stripTo = 10, size = 16;
		final float[] pixels = new float[w * h];
		for (int i = 0; i < pixels.length; i++) pixels[i] = i; // value = y * w + x
		final PercentileNormalization.Fit unit = new PercentileNormalization.Fit(0, 1);
		final PatchSampler sampler = new PatchSampler(List.of(new TrainingImage("small", pixels, w, h, stripFrom, stripTo, null, unit)),
			List.of(), 0, 0, 0);
		final Random random = new Random(3);
		final float[] patch = new float[size * size];
		final boolean[] seen = new boolean[w * h];
		for (int draw = 0; draw < 50; draw++) {
			sampler.sample(random, size, patch, 0);
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					final int value = (int) patch[y * size + x];
					assertEquals(value, patch[y * size + x]);
					assertTrue(value % w < stripFrom, () -> "pixel " + value + " lies in the held-out strip");
					seen[value] = true;
					if (x > 0) {
						final int left = (int) patch[y * size + x - 1];
						assertTrue(Math.abs(value % w - left % w) + Math.abs(value / w - left / w) <= 1, "neighbours stay neighbours");
					}
				}
			}
		}
		for (int i = 0; i < seen.length; i++) {
			if (i % w < stripFrom) assertTrue(seen[i], "pixel " + i + " never drawn");
		}
		assertEquals(0, Reflection.halfSample(-1, 4));
		assertEquals(3, Reflection.halfSample(4, 4));
		assertEquals(0, Reflection.halfSample(7, 4));
		assertEquals(0, Reflection.halfSample(8, 4));
	}
}
