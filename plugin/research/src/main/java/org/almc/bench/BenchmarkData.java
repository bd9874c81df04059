package org.almc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.noise.PoissonNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.psf.BornWolfPsf;
import org.almc.core.psf.PsfSampling;
import org.almc.core.psf.WidefieldOptics;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.phantom.FluorescencePhantom;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * The benchmark's ground truths and their simulated measurements. Truths are in relative units
 * ({@code 0} = background percentile, {@code 1} = bright percentile, clipped at 0 so that the forward
 * model is exactly the one simulated): crops of the held-out columns of the real BPAE images (the columns
 * the model never saw in training, read from its {@code model.json}) and procedural phantoms from seeds
 * the training never used. A measurement is {@code y = offset + gain Poisson(peak (k * x)) + N(0, read^2)}
 * in ADU, with {@code k} a Born-Wolf widefield PSF for deconvolution and no blur for denoising.
 */
public final class BenchmarkData {

	/** A ground truth image (relative units, X fastest). */
	public record Crop(String name, float[] truth, int width, int height) {

		public ImageShape shape() {
			return new ImageShape(width, height);
		}
	}

	/** A photon level: the expected photon count of a pixel of relative intensity 1. */
	public record Level(String name, double peakPhotons) {}

	/** The simulated camera, ADU. */
	public record Camera(double gain, double offset, double readNoise) {}

	/** The two tasks; the PSF of deconvolution. */
	public enum Task {
		DENOISE, DECONVOLVE;

		public String label() {
			return name().toLowerCase();
		}
	}

	/** Phantom seeds: far from the training phantoms (seeds 1042 onwards). */
	public static final long PHANTOM_SEED = 90_001;
	/** NA 1.4 oil objective, 520 nm emission, 100 nm pixels, 15 x 15 PSF. */
	public static final WidefieldOptics OPTICS = new WidefieldOptics(1.4, 520, 1.515);
	public static final PsfSampling PSF_SAMPLING = PsfSampling.plane(100, 15);

	private BenchmarkData() {}

	public static List<Level> levels() {
		return List.of(new Level("low-noise", 1000), new Level("medium-noise", 100), new Level("high-noise", 20));
	}

	/** The generated widefield PSF (unit sum). */
	public static float[] psf() {
		return new BornWolfPsf(OPTICS, PSF_SAMPLING).render();
	}

	public static ImageShape psfShape() {
		return PSF_SAMPLING.shape();
	}

	/**
	 * Crops of the held-out columns of each image of the model's training data that is present in
	 * {@code dataDir}: {@code perImage} crops stacked vertically and centred, of height {@code size} and width
	 * {@code size} or the held-out width if smaller, rounded down to the model's size multiple.
	 */
	public static List<Crop> heldOutCrops(final ModelMetadata metadata, final Path dataDir, final int size, final int perImage)
		throws IOException
	{
		if (metadata.training == null || metadata.training.data.isEmpty()) {
			throw new IOException("Model " + metadata.name + " records no training images (training.data in model.json): " +
				"the held-out region is unknown");
		}
		final int multiple = Math.max(1, metadata.sizeMultiple);
		final List<Crop> crops = new ArrayList<>();
		for (final ModelMetadata.DataFile file : metadata.training.data) {
			// images trained on whole (the broad prior's) have no held-out strip
			if (!file.hasHeldOutStrip()) continue;
			final Path path = dataDir.resolve(file.file);
			if (!Files.isRegularFile(path)) throw new IOException("Benchmark image " + path.toAbsolutePath() + " is missing (see PROVENANCE.md)");
			final ImagePlus imp = IJ.openImage(path.toString());
			if (imp == null) throw new IOException("Could not read " + path + " as an image");
			final FloatProcessor fp = imp.getProcessor().convertToFloatProcessor();
			final int w = fp.getWidth(), h = fp.getHeight();
			final int from = file.validationColumnsFrom, to = Math.min(file.validationColumnsTo, w);
			final int cw = Math.min(size, to - from) / multiple * multiple, ch = Math.min(size, h / perImage) / multiple * multiple;
			if (cw < 32 || ch < 32) throw new IOException("Held-out region of " + file.file + " (columns " + from + ".." + to + ") is too small");
			final double low = file.normalizationLow, scale = file.normalizationHigh - file.normalizationLow;
			final float[] pixels = (float[]) fp.getPixels();
			final int x0 = from + (to - from - cw) / 2;
			for (int k = 0; k < perImage; k++) {
				final int y0 = (h / perImage) * k + (h / perImage - ch) / 2;
				final float[] truth = new float[cw * ch];
				for (int y = 0; y < ch; y++) {
					for (int x = 0; x < cw; x++) truth[x + cw * y] = (float) Math.max(0, (pixels[x0 + x + w * (y0 + y)] - low) / scale);
				}
				final String stem = file.file.replaceFirst("\\.tiff?$", "");
				crops.add(new Crop(stem + "@x" + x0 + "y" + y0, truth, cw, ch));
			}
		}
		return crops;
	}

	/** {@code count} phantoms of {@code size x size}, percentile-normalized with the model's convention. */
	public static List<Crop> phantoms(final ModelMetadata metadata, final int size, final int count) {
		final PercentileNormalization normalization = metadata.normalization.toNormalization();
		final List<Crop> crops = new ArrayList<>();
		for (int k = 0; k < count; k++) {
			final long seed = PHANTOM_SEED + k;
			final float[] raw = new FluorescencePhantom().render(size, size, new Random(seed));
			final float[] truth = normalization.fit(raw).normalize(raw);
			for (int i = 0; i < truth.length; i++) truth[i] = Math.max(0, truth[i]);
			crops.add(new Crop("phantom-" + seed, truth, size, size));
		}
		return crops;
	}

	/** The forward operator of a task on a crop: identity, or the PSF with mirror boundaries. */
	public static ForwardOperator operator(final Task task, final ImageShape shape) {
		return task == Task.DENOISE ? new IdentityOperator(shape)
			: new PsfConvolution(shape, psfShape(), psf(), PsfConvolution.Boundary.MIRROR);
	}

	/** Simulates the camera image (ADU) of {@code truth} through {@code operator}. */
	public static float[] simulate(final ForwardOperator operator, final float[] truth, final Level level, final Camera camera,
		final SplittableRandom random)
	{
		final float[] blurred = new float[truth.length];
		operator.apply(truth, blurred);
		final float[] y = new float[truth.length];
		for (int i = 0; i < y.length; i++) {
			final double photons = level.peakPhotons() * Math.max(0, blurred[i]);
			y[i] = (float) (camera.offset() + camera.gain() * PoissonNoise.poisson(photons, random) + camera.readNoise() * random
				.nextGaussian());
		}
		return y;
	}

	/** ADU back to the truth's relative units: {@code (adu - offset) / (gain peak)}. */
	public static float[] toRelative(final float[] adu, final Level level, final Camera camera) {
		final float[] out = new float[adu.length];
		final double scale = camera.gain() * level.peakPhotons();
		for (int i = 0; i < out.length; i++) out[i] = (float) ((adu[i] - camera.offset()) / scale);
		return out;
	}
}
