package org.almc.phantom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

/**
 * The small 16-bit test images in {@code test-images/}, reproducible from fixed seeds:
 * <ul>
 * <li>{@code phantom-clean.tif}: 256x256 clean phantom, background {@value #BACKGROUND}, peak ~{@value #PEAK}
 * counts above it</li>
 * <li>{@code phantom-noisy.tif}: the clean phantom plus Gaussian noise of std {@value #NOISE_SIGMA}</li>
 * <li>{@code phantom-blurred-noisy.tif}: the clean phantom blurred by a Gaussian PSF of std
 * {@value #BLUR_SIGMA} px, then Poisson noise (1 count per photon) plus Gaussian read noise of std
 * {@value #READ_NOISE}</li>
 * <li>{@code phantom-stack.tif}: a 64x64x8 clean stack (8 independent 64x64 phantoms seeded in sequence)</li>
 * </ul>
 */
public final class TestImageSet {

	public static final int SIZE = 256;
	public static final long SEED = 20261123L;
	public static final double BACKGROUND = 1000;
	public static final double PEAK = 3000;
	public static final double NOISE_SIGMA = 150;
	public static final double BLUR_SIGMA = 2.0;
	public static final double READ_NOISE = 20;
	public static final int STACK_SIZE = 64;
	public static final int STACK_DEPTH = 8;

	private TestImageSet() {}

	/** Writes the four images into {@code dir}. */
	public static void write(final Path dir) throws IOException {
		Files.createDirectories(dir);
		final float[] clean = counts(new FluorescencePhantom().render(SIZE, SIZE, new Random(SEED)));
		save(dir.resolve("phantom-clean.tif"), SIZE, SIZE, clean);

		final Random noise = new Random(SEED + 1);
		final float[] noisy = new float[clean.length];
		for (int i = 0; i < noisy.length; i++) noisy[i] = (float) (clean[i] + NOISE_SIGMA * noise.nextGaussian());
		save(dir.resolve("phantom-noisy.tif"), SIZE, SIZE, noisy);

		final float[] blurred = GaussianBlur.blur(clean, SIZE, SIZE, BLUR_SIGMA);
		final Random camera = new Random(SEED + 2);
		final float[] measured = new float[clean.length];
		for (int i = 0; i < measured.length; i++) {
			measured[i] = (float) (poisson(blurred[i], camera) + READ_NOISE * camera.nextGaussian());
		}
		save(dir.resolve("phantom-blurred-noisy.tif"), SIZE, SIZE, measured);

		final float[][] planes = new float[STACK_DEPTH][];
		for (int z = 0; z < STACK_DEPTH; z++) {
			planes[z] = counts(new FluorescencePhantom().render(STACK_SIZE, STACK_SIZE, new Random(SEED + 10 + z)));
		}
		save(dir.resolve("phantom-stack.tif"), STACK_SIZE, STACK_SIZE, planes);
	}

	/** Maps relative phantom intensities to counts: {@code BACKGROUND + PEAK * v / max(v)}. */
	private static float[] counts(final float[] relative) {
		float max = 0;
		for (final float v : relative) max = Math.max(max, v);
		final float[] out = new float[relative.length];
		for (int i = 0; i < out.length; i++) out[i] = (float) (BACKGROUND + PEAK * relative[i] / max);
		return out;
	}

	/** Poisson sample; normal approximation above 500 (relative error of the variance negligible here). */
	static double poisson(final double mean, final Random random) {
		if (mean <= 0) return 0;
		if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
		final double limit = Math.exp(-mean);
		double p = random.nextDouble();
		int k = 0;
		while (p > limit) {
			p *= random.nextDouble();
			k++;
		}
		return k;
	}

	private static void save(final Path file, final int width, final int height, final float[]... planes)
		throws IOException
	{
		final ImageStack stack = new ImageStack(width, height);
		for (final float[] plane : planes) {
			final short[] s = new short[plane.length];
			for (int i = 0; i < s.length; i++) s[i] = (short) Math.max(0, Math.min(65535, Math.round(plane[i])));
			stack.addSlice(new ShortProcessor(width, height, s, null));
		}
		final ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
		final FileSaver saver = new FileSaver(imp);
		if (!(planes.length > 1 ? saver.saveAsTiffStack(file.toString()) : saver.saveAsTiff(file.toString()))) {
			throw new IOException("ImageJ could not write " + file);
		}
	}
}
