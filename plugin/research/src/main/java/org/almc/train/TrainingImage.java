package org.almc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.almc.core.ImageShape;
import org.almc.core.noise.NoiseEstimator;
import org.almc.model.PercentileNormalization;
import org.almc.tf.ModelFiles;

import ij.IJ;
import ij.ImagePlus;

/**
 * One clean, normalized training plane (X fastest) with a held-out validation strip: the columns
 * {@code [validationFrom, validationTo)} over all rows; training patches never overlap it. The
 * strip is central because the cells in these images are: any border strip is nearly all
 * background.
 */
public final class TrainingImage {

	public final String name;
	public final float[] pixels;
	public final int width;
	public final int height;
	/** First held-out column (inclusive); equal to {@link #validationTo} if nothing is held out. */
	public final int validationFrom;
	/** Last held-out column (exclusive). */
	public final int validationTo;
	/** sha256 of the source file, or null for generated images. */
	public final String sha256;
	public final PercentileNormalization.Fit normalization;
	/** How often patches come from this image relative to the others of its pool (1 unless set). */
	public final double weight;
	/**
	 * The standard deviation of the image's own noise, in normalized units, at the middle of its range
	 * ({@link #withOwnNoise}); 0 for generated images and where it was not measured.
	 */
	public final double ownNoise;

	public TrainingImage(final String name, final float[] normalizedPixels, final int width, final int height,
		final int validationFrom, final int validationTo, final String sha256,
		final PercentileNormalization.Fit normalization)
	{
		this(name, normalizedPixels, width, height, validationFrom, validationTo, sha256, normalization, 1);
	}

	public TrainingImage(final String name, final float[] normalizedPixels, final int width, final int height,
		final int validationFrom, final int validationTo, final String sha256,
		final PercentileNormalization.Fit normalization, final double weight)
	{
		this(name, normalizedPixels, width, height, validationFrom, validationTo, sha256, normalization, weight, 0);
	}

	private TrainingImage(final String name, final float[] normalizedPixels, final int width, final int height,
		final int validationFrom, final int validationTo, final String sha256,
		final PercentileNormalization.Fit normalization, final double weight, final double ownNoise)
	{
		if (!(ownNoise >= 0)) throw new IllegalArgumentException(name + ": the noise must be >= 0, got " + ownNoise);
		this.ownNoise = ownNoise;
		if (!(weight > 0)) throw new IllegalArgumentException(name + ": the weight must be positive, got " + weight);
		this.weight = weight;
		if (normalizedPixels.length != width * height) {
			throw new IllegalArgumentException(name + ": " + normalizedPixels.length + " pixels for " + width + "x" +
				height);
		}
		if (validationFrom < 0 || validationTo < validationFrom || validationTo > width) {
			throw new IllegalArgumentException(name + ": validation columns [" + validationFrom + ", " + validationTo +
				") outside the width " + width);
		}
		this.name = name;
		this.pixels = normalizedPixels;
		this.width = width;
		this.height = height;
		this.validationFrom = validationFrom;
		this.validationTo = validationTo;
		this.sha256 = sha256;
		this.normalization = normalization;
	}

	/** The same image with its own noise measured ({@link #measuredNoise}). */
	public TrainingImage withOwnNoise() {
		return new TrainingImage(name, pixels, width, height, validationFrom, validationTo, sha256, normalization, weight,
			measuredNoise(pixels, width, height));
	}

	/**
	 * The noise standard deviation of a normalized plane at the middle of its range, intensity 0.5: from the
	 * camera line {@code Var = a v + b} where one can be fitted, else the white-noise estimate (the
	 * {@link NoiseEstimator}'s two estimates).
	 */
	static double measuredNoise(final float[] normalized, final int width, final int height) {
		return Math.sqrt(NoiseEstimator.ownNoise(normalized, new ImageShape(width, height), MID_RANGE).variance(MID_RANGE));
	}

	/** The normalized intensity at which {@link #measuredNoise} reads the camera line. */
	static final double MID_RANGE = 0.5;

	/**
	 * Reads a single-plane TIFF, normalizes it with percentiles computed on the whole image and
	 * holds out the central {@code validationFraction} of its columns.
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
		final int stripWidth = (int) Math.round(imp.getWidth() * validationFraction);
		final int from = (imp.getWidth() - stripWidth) / 2;
		return new TrainingImage(file.getFileName().toString(), fit.normalize(raw), imp.getWidth(), imp.getHeight(),
			from, from + stripWidth, ModelFiles.sha256(file), fit);
	}

	/** Width of the held-out strip. */
	public int validationWidth() {
		return validationTo - validationFrom;
	}

	/** The held-out strip as a plane of {@code validationWidth() x height}. */
	public float[] validationRegion() {
		final int w = validationWidth();
		final float[] out = new float[w * height];
		for (int y = 0; y < height; y++) System.arraycopy(pixels, y * width + validationFrom, out, y * w, w);
		return out;
	}
}
