package org.almc.phantom;

import org.almc.testing.Project;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The committed {@code test-images/} are exactly what {@link TestImageSet} generates; {@link #main}
 * regenerates them.
 */
class TestImageSetTest {

	static final Path COMMITTED = Project.testImages();

	/** Regenerates {@code test-images/} (run from the project root: argument {@code test-images}). */
	public static void main(final String[] args) throws IOException {
		TestImageSet.write(Paths.get(args.length > 0 ? args[0] : "test-images"));
	}

	@Test
	void committedImagesAreReproducedFromTheSeed(@TempDir final Path tmp) throws IOException {
		TestImageSet.write(tmp);
		for (final String name : new String[] { "phantom-clean.tif", "phantom-noisy.tif", "phantom-blurred-noisy.tif",
			"phantom-stack.tif" })
		{
			final Path committed = COMMITTED.resolve(name);
			assertTrue(Files.isRegularFile(committed), "missing " + committed.toAbsolutePath());
			assertTrue(Files.size(committed) < 1 << 20, name + " should stay well under 1 MB");
			final ImagePlus a = IJ.openImage(committed.toString()), b = IJ.openImage(tmp.resolve(name).toString());
			assertEquals(16, a.getBitDepth(), name);
			assertEquals(b.getStackSize(), a.getStackSize(), name);
			for (int z = 1; z <= a.getStackSize(); z++) {
				final short[] expected = (short[]) b.getStack().getPixels(z);
				final short[] actual = (short[]) a.getStack().getPixels(z);
				assertArrayEquals(expected, actual, name + " plane " + z + " differs from its regeneration");
			}
		}
	}

	@Test
	void noisyImageHasTheDocumentedNoiseLevel() {
		final ImagePlus clean = IJ.openImage(COMMITTED.resolve("phantom-clean.tif").toString());
		final ImagePlus noisy = IJ.openImage(COMMITTED.resolve("phantom-noisy.tif").toString());
		final short[] c = (short[]) clean.getProcessor().getPixels(), n = (short[]) noisy.getProcessor().getPixels();
		double sum = 0, sum2 = 0;
		for (int i = 0; i < c.length; i++) {
			final double d = (n[i] & 0xffff) - (c[i] & 0xffff);
			sum += d;
			sum2 += d * d;
		}
		final double std = Math.sqrt(sum2 / c.length - (sum / c.length) * (sum / c.length));
		// 65536 samples: the std of a Gaussian std estimate is sigma / sqrt(2n) = 0.42; rounding adds 1/12
		assertEquals(TestImageSet.NOISE_SIGMA, std, 2.5);
	}
}
