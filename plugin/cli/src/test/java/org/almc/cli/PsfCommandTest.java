package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.almc.restore.TheoreticalPsf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import picocli.CommandLine;

/** {@code almc psf}: the PSF Fiji's Generate PSF makes, as a calibrated TIFF, for headless users. */
class PsfCommandTest {

	@Test
	void writesTheGibsonLanniPsfOfTheFijiCommandWithItsCalibration(@TempDir final Path dir) {
		final Path file = dir.resolve("psf.tif");
		final StringWriter out = new StringWriter(), err = new StringWriter();
		final CommandLine cli = AlmcCli.commandLine();
		cli.setOut(new PrintWriter(out));
		cli.setErr(new PrintWriter(err));
		assertEquals(0, cli.execute("psf", file.toString(), "--model", "gibson-lanni", "--na", "1.3", "--ni", "1.515", "--ns", "1.33",
			"--depth", "5000", "--pixel-size", "80", "--z-step", "250", "--size", "21", "--slices", "9"), err.toString());
		final ImagePlus written = IJ.openImage(file.toString());
		assertArrayEquals(new int[] { 21, 21, 1, 9, 1 }, written.getDimensions());
		assertEquals(0.08, written.getCalibration().pixelWidth, 1e-9);
		assertEquals(0.25, written.getCalibration().pixelDepth, 1e-9);
		assertEquals("micron", written.getCalibration().getUnit());
		final ImagePlus same = new TheoreticalPsf(TheoreticalPsf.GIBSON_LANNI, 1.3, 520, 1.515, 1.33, 5000, 80, 250, 21, 9).render();
		double sum = 0;
		for (int z = 1; z <= 9; z++) {
			final float[] a = (float[]) written.getStack().getProcessor(z).getPixels(), b = (float[]) same.getStack().getProcessor(z).getPixels();
			assertArrayEquals(b, a, "plane " + z);
			for (final float v : a) sum += v;
		}
		assertEquals(1, sum, 1e-4);
		assertTrue(((String) written.getProperty("Info")).contains("model=Gibson-Lanni na=1.3"));
	}

	@Test
	void anEvenSizeIsOneLineThatSaysWhatToUse(@TempDir final Path dir) {
		final StringWriter err = new StringWriter();
		final CommandLine cli = AlmcCli.commandLine();
		cli.setOut(new PrintWriter(new StringWriter()));
		cli.setErr(new PrintWriter(err));
		assertEquals(1, cli.execute("psf", dir.resolve("p.tif").toString(), "--size", "32"));
		final String message = err.toString().trim();
		assertTrue(message.startsWith("almc psf: ") && message.contains("odd"), message);
	}
}
