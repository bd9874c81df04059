package org.almc.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.almc.tf.PercentileNormalization;

import ij.IJ;
import ij.ImagePlus;

/**
 * One clean, normalized training plane (X fastest) and the rows reserved for training; the rows
 * from {@code trainingRows} to the bottom are held out for validation.
 */
public final class TrainingImage {

	public final String name;
	public final float[] pixels;
	public final int width;
	public final int height;
	public final int trainingRows;
	/** sha256 of the source file, or null for generated images. */
	public final String sha256;
	public final PercentileNormalization.Fit normalization;

	public TrainingImage(final String name, final float[] normalizedPixels, final int width, final int height,
		final int trainingRows, final String sha256, final PercentileNormalization.Fit normalization)
	{
		if (normalizedPixels.length != width * height) {
			throw new IllegalArgumentException(name + ": " + normalizedPixels.length + " pixels for " + width + "x" +
				height);
		}
		if (trainingRows < 1 || trainingRows > height) {
			throw new IllegalArgumentException(name + ": training rows " + trainingRows + " outside 1.." + height);
		}
		this.name = name;
		this.pixels = normalizedPixels;
		this.width = width;
		this.height = height;
		this.trainingRows = trainingRows;
		this.sha256 = sha256;
		this.normalization = normalization;
	}

	/**
	 * Reads a single-plane TIFF, normalizes it with percentiles computed on the whole image and
	 * holds out the bottom {@code validationFraction} of its rows.
	 */
	public static TrainingImage read(final Path file, final PercentileNormalization normalization,
		final double validationFraction) throws IOException
	{
		if (!Files.isRegularFile(file)) throw new IOException("Training image not found: " + file.toAbsolutePath());
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new IOException("Not a readable image: " + file.toAbsolutePath());
		if (imp.getStackSize() != 1) {
			throw new IOException("Expected a single 2D plane in " + file + ", found " + imp.getStackSize() + " planes");
		}
		final float[] raw = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		final PercentileNormalization.Fit fit = normalization.fit(raw);
		final int rows = (int) Math.round(imp.getHeight() * (1 - validationFraction));
		return new TrainingImage(file.getFileName().toString(), fit.normalize(raw), imp.getWidth(), imp.getHeight(),
			rows, sha256(file), fit);
	}

	/** The held-out rows {@code [trainingRows, height)} as a plane of {@code width x (height - trainingRows)}. */
	public float[] validationRegion() {
		final float[] out = new float[width * (height - trainingRows)];
		System.arraycopy(pixels, trainingRows * width, out, 0, out.length);
		return out;
	}

	public static String sha256(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			final MessageDigest md = MessageDigest.getInstance("SHA-256");
			final byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
			final StringBuilder hex = new StringBuilder();
			for (final byte b : md.digest()) hex.append(String.format("%02x", b));
			return hex.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
		}
	}
}
