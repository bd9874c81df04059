package org.almc.restore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Writes results so that a crash or cancel never leaves a half-written file: each file is written to
 * a temporary name in the target folder and moved into place.
 */
public final class OutputFiles {

	private OutputFiles() {}

	/** Writes a TIFF atomically. */
	public static void saveTiff(final ImagePlus imp, final Path target) throws IOException {
		write(target, tmp -> {
			if (!new FileSaver(imp).saveAsTiff(tmp.toString())) throw new IOException("Could not write TIFF " + tmp);
		});
	}

	/** Writes a PNG atomically. */
	public static void savePng(final ImagePlus imp, final Path target) throws IOException {
		write(target, tmp -> {
			if (!new FileSaver(imp).saveAsPng(tmp.toString())) throw new IOException("Could not write PNG " + tmp);
		});
	}

	/** Writes into a temporary file beside the target. */
	@FunctionalInterface
	public interface Writer {

		void write(Path temporary) throws IOException;
	}

	public static void write(final Path target, final Writer writer) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial");
		try {
			writer.write(tmp);
			try {
				// temporary files are created owner-only; results are ordinary readable files
				Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
			}
			catch (final UnsupportedOperationException e) {
				// not a POSIX file system: the default permissions stand
			}
			try {
				Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Checks that a folder exists or can be made and is writable, with a clear message otherwise. */
	public static void checkWritableFolder(final Path dir) throws RestorationException {
		try {
			Files.createDirectories(dir);
		}
		catch (final IOException e) {
			throw new RestorationException("Cannot create the output folder " + dir.toAbsolutePath() + " (" + e.getMessage() +
				"): choose a folder you can write to");
		}
		if (!Files.isWritable(dir)) {
			throw new RestorationException("The output folder " + dir.toAbsolutePath() + " is not writable: choose a folder you can write to");
		}
		try {
			Files.deleteIfExists(Files.createTempFile(dir, ".almc-write-test", ".tmp"));
		}
		catch (final IOException e) {
			throw new RestorationException("Cannot write into the output folder " + dir.toAbsolutePath() + " (" + e.getMessage() +
				"): choose a folder you can write to");
		}
	}

	/**
	 * Input, posterior mean and standard deviation (first plane of each) side by side, each scaled to
	 * its own 0.1-99.9 % range, as an 8-bit image.
	 */
	public static ImagePlus overview(final ImagePlus input, final ImagePlus mean, final ImagePlus std) {
		final ImagePlus[] panels = { input, mean, std };
		final int w = input.getWidth(), h = input.getHeight(), gap = 4;
		final ByteProcessor montage = new ByteProcessor(3 * w + 2 * gap, h);
		montage.setColor(255);
		montage.fill();
		for (int k = 0; k < 3; k++) {
			final ImageProcessor ip = panels[k].getStack().getProcessor(1);
			final float[] v = StackRestorer.pixels(ip);
			final float[] sorted = v.clone();
			java.util.Arrays.sort(sorted);
			final float lo = sorted[(int) (0.001 * (sorted.length - 1))], hi = sorted[(int) (0.999 * (sorted.length - 1))];
			final float range = hi > lo ? hi - lo : 1;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final float s = (v[x + w * y] - lo) / range;
					montage.set(k * (w + gap) + x, y, Math.max(0, Math.min(255, Math.round(255 * s))));
				}
			}
		}
		return new ImagePlus(input.getTitle() + " | mean | std", montage);
	}
}
