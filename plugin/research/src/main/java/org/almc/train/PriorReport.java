package org.almc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.almc.bench.BenchmarkData;
import org.almc.bench.ClassicalRestoration;
import org.almc.bench.ImageQuality;
import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.core.noise.PoissonNoise;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.phantom.TestPatterns;
import org.almc.restore.AnscombeTransform;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * What a prior knows beyond its training data:
 * <ul>
 * <li><b>whole held-out images</b> of many structures ({@link #HELD_OUT}, from {@code ../shared/data/train},
 * never to be trained on): the one-pass denoiser {@code D(y, sigma)} against the oracle-tuned Gaussian
 * filter, with white Gaussian noise of 0.05, 0.1 and 0.2 and Poisson noise of 100 and 20 photons at the
 * bright level, in the prior's normalized units (percentiles 1 and 99.8 of the clean crop: this measures
 * the prior, not the pipeline's normalization);</li>
 * <li><b>targets that are not cells</b> ({@link TestPatterns}) with Gaussian noise of 0.1 of the range,
 * through the whole restoration as a user runs it: the one pass, the posterior mean and its 90%
 * coverage, and, in the flat background, the energy of the mean's error against the best Gaussian
 * filter's (above 1: the prior invents structure there).</li>
 * </ul>
 */
public final class PriorReport {

	/** A whole held-out image: one channel (1-based) of a file, and the structure it shows. */
	public record HeldOut(String structure, String file, int channel) {}

	/** The held-out images (a central crop of at most 256 x 256 of each). */
	public static final List<HeldOut> HELD_OUT = List.of(new HeldOut("microtubules", "neubias__xyc_16bit__cell_dna_mts_actin.tif", 2),
		new HeldOut("actin", "neubias__xyc_16bit__cell_dna_mts_actin.tif", 3), new HeldOut("Golgi", "neubias__xyc_16bit__nuclei_golgi.tif", 2),
		new HeldOut("nuclear pores", "neubias__xyc_16bit__nup_nuclei.tif", 1), new HeldOut("membranes", "bian__membranes_2d.tif", 1),
		new HeldOut("bacteria", "neubias__xy_16bit__bacteria_cords_thin.tif", 1), new HeldOut("tissue nuclei",
			"sbiad634__Ganglioneuroblastoma_4_gray.tif", 1), new HeldOut("speckles", "neubias__xy_calibrated_16bit__nuclear_protein_control.tif",
				1));

	/** Files training must not read: the held-out files (all their channels), and another slice of the same membranes. */
	public static final Set<String> EXCLUDED_FROM_TRAINING;

	static {
		final Set<String> files = new LinkedHashSet<>();
		for (final HeldOut h : HELD_OUT) files.add(h.file());
		files.add("bian__membrane2d.tif");
		EXCLUDED_FROM_TRAINING = Set.copyOf(files);
	}

	/** Noise levels of the held-out table: Gaussian sigmas (normalized units) and photon counts at intensity 1. */
	static final double[] SIGMAS = { 0.05, 0.1, 0.2 };
	static final double[] PHOTONS = { 100, 20 };
	static final int CROP = 256;

	/**
	 * One image and noise: PSNR of the noisy input, the best Gaussian filter and the one pass at one sigma;
	 * for signal-dependent noise also the one pass through its variance-stabilizing transform (NaN otherwise),
	 * as {@code prior-denoise} and Quick Denoise give it; and the PSNR of the truth's noise-free image against the
	 * truth ({@link ImageQuality.TruthNoise#noiseFreePsnr}): the held-out images carry their acquisition's noise,
	 * which no prior of clean images restores, so a one pass near this figure is held by the truth, not the prior.
	 */
	public record Row(String image, String noise, double psnrNoisy, double psnrBestGaussian, double psnrOnePass, double psnrStabilized,
		double psnrNoiseFreeTruth)
	{

		/** The one pass (the stabilized one where there is one) against the best Gaussian filter. */
		public double gain() {
			return (Double.isNaN(psnrStabilized) ? psnrOnePass : psnrStabilized) - psnrBestGaussian;
		}
	}

	/** One pattern: as {@link Row}, plus the posterior mean, its coverage and its flat-background error energy ratio. */
	public record PatternRow(String pattern, double psnrNoisy, double psnrBestGaussian, double psnrOnePass, double psnrMean,
		double coverage90, double flatEnergyRatio) {}

	private final ScoreModel model;
	private final ModelMetadata metadata;

	public PriorReport(final ScoreModel model, final ModelMetadata metadata) {
		this.model = model;
		this.metadata = metadata;
	}

	/** A normalized plane. */
	public record Plane(float[] pixels, int width, int height) {}

	/** The central crop (at most 256 x 256, sides a multiple of 4) of a held-out image, normalized. */
	public static Plane crop(final Path dataDir, final HeldOut h) throws IOException {
		return crop(dataDir, h, CROP, 4);
	}

	/**
	 * The central crop of at most {@code size x size} of a held-out image, sides rounded down to a multiple of
	 * {@code multiple}, normalized by the percentiles 1 and 99.8 of the crop itself.
	 */
	public static Plane crop(final Path dataDir, final HeldOut h, final int size, final int multiple) throws IOException {
		final Path file = dataDir.resolve(h.file());
		if (!Files.isRegularFile(file)) throw new IOException("Held-out image " + file.toAbsolutePath() + " is missing");
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new IOException("Cannot read " + file);
		final FloatProcessor fp = imp.getStack().getProcessor(imp.getStackIndex(h.channel(), 1, 1)).convertToFloatProcessor();
		final int w = Math.min(size, fp.getWidth()) / multiple * multiple, hh = Math.min(size, fp.getHeight()) / multiple * multiple;
		fp.setRoi((fp.getWidth() - w) / 2, (fp.getHeight() - hh) / 2, w, hh);
		final float[] raw = (float[]) fp.crop().getPixels();
		final PercentileNormalization.Fit fit = new PercentileNormalization(1, 99.8).fit(raw);
		return new Plane(fit.normalize(raw), w, hh);
	}

	/**
	 * The held-out images as {@code bench} truths ({@code bench --images other-labs}): the central crop of at most
	 * {@code size x size} of each, sides a multiple of {@code multiple}, in the crop's own normalized units clipped at
	 * 0 (the bench simulates its measurements from non-negative truths).
	 */
	public static List<BenchmarkData.Crop> benchCrops(final Path dataDir, final int size, final int multiple) throws IOException {
		final List<BenchmarkData.Crop> crops = new ArrayList<>();
		for (final HeldOut h : HELD_OUT) {
			final Plane plane = crop(dataDir, h, size, multiple);
			final float[] truth = plane.pixels();
			for (int i = 0; i < truth.length; i++) truth[i] = Math.max(0, truth[i]);
			crops.add(new BenchmarkData.Crop(h.structure().replace(' ', '-'), truth, plane.width(), plane.height()));
		}
		return crops;
	}

	/** The held-out table: every image of {@link #HELD_OUT} present in {@code dataDir}, every noise. */
	public List<Row> wholeImages(final Path dataDir, final long seed) throws IOException {
		final List<Row> rows = new ArrayList<>();
		for (final HeldOut h : HELD_OUT) {
			final Plane c = crop(dataDir, h);
			final float[] truth = c.pixels();
			final int w = c.width(), hh = c.height();
			final double noiseFree = ImageQuality.truthNoise(truth, w, hh).noiseFreePsnr();
			final SplittableRandom random = new SplittableRandom(seed + h.structure().hashCode());
			for (final double s : SIGMAS) {
				final float[] y = new float[truth.length];
				for (int i = 0; i < y.length; i++) y[i] = (float) (truth[i] + s * random.nextGaussian());
				rows.add(row(h.structure(), String.format(Locale.ROOT, "gaussian %.2f", s), truth, y, w, hh, s, noiseFree));
			}
			for (final double p : PHOTONS) {
				final float[] y = new float[truth.length];
				double sum = 0;
				for (int i = 0; i < y.length; i++) {
					y[i] = (float) (PoissonNoise.poisson(p * Math.max(truth[i], 0), random) / p);
					sum += Math.max(y[i], 0);
				}
				// the one pass gets the Gaussian equivalent of the Poisson noise, and the stabilized pass (as a user gets it)
				final Row equivalent = row(h.structure(), String.format(Locale.ROOT, "%.0f photons", p), truth, y, w, hh, Math.sqrt(sum / y.length /
					p), noiseFree);
				final float[] stabilized = new PriorDenoiser(model, metadata, 1024).denoise(y, w, hh, new PercentileNormalization.Fit(0, 1),
					new AnscombeTransform(1 / p, 0, 0));
				rows.add(new Row(equivalent.image(), equivalent.noise(), equivalent.psnrNoisy(), equivalent.psnrBestGaussian(), equivalent
					.psnrOnePass(), ImageQuality.psnr(truth, stabilized), noiseFree));
			}
		}
		return rows;
	}

	private Row row(final String image, final String noise, final float[] truth, final float[] y, final int w, final int h,
		final double sigma, final double noiseFree)
	{
		final double level = Math.max(metadata.sigmaMin, Math.min(metadata.sigmaMax, sigma));
		final float[][] out = { new float[y.length] };
		model.denoise(new ImageShape(w, h), new float[][] { y }, level, out);
		final ClassicalRestoration.Tuned best = ClassicalRestoration.bestGaussian(y, w, h, ClassicalRestoration.logSpaced(0.3, 6, 24),
			f -> ImageQuality.psnr(truth, f));
		return new Row(image, noise, ImageQuality.psnr(truth, y), best.score(), ImageQuality.psnr(truth, out[0]), Double.NaN, noiseFree);
	}

	/** The not-a-cell table: every {@link TestPatterns.Pattern} at {@code size}, noise 0.1 of the range. */
	public List<PatternRow> patterns(final int size, final int chains, final long seed) throws RestorationException {
		final List<PatternRow> rows = new ArrayList<>();
		final StackRestorer restorer = new StackRestorer(model, metadata);
		for (final TestPatterns.Pattern p : TestPatterns.Pattern.values()) {
			final float[] truth = TestPatterns.render(p, size, seed);
			final double sigma = 0.1 * ImageQuality.dataRange(truth);
			final SplittableRandom random = new SplittableRandom(seed + p.ordinal());
			final float[] y = new float[truth.length];
			for (int i = 0; i < y.length; i++) y[i] = (float) (truth[i] + sigma * random.nextGaussian());
			final PercentileNormalization.Fit fit = new PercentileNormalization(1, 99.8).fit(truth);
			final float[][] onePass = { new float[y.length] };
			model.denoise(new ImageShape(size, size), new float[][] { fit.normalize(y) }, Math.max(metadata.sigmaMin, sigma / fit.scale),
				onePass);
			final float[] onePassRaw = fit.denormalize(onePass[0]);
			final StackRestorer.Result r = restorer.restore(new ImagePlus(p.label(), new FloatProcessor(size, size, y.clone())),
				new StackRestorer.Options(new NoiseSpec.Gaussian(sigma), null, chains, Quality.BALANCED, 0, seed, false, 512, Double.NaN),
				(u, n, s, t) -> {}, () -> false);
			final float[] mean = (float[]) r.mean().getProcessor().getPixels(), std = (float[]) r.std().getProcessor().getPixels();
			final ClassicalRestoration.Tuned best = ClassicalRestoration.bestGaussian(y, size, size, ClassicalRestoration.logSpaced(0.3, 6, 24),
				f -> ImageQuality.psnr(truth, f));
			double flatMean = 0, flatGaussian = 0;
			for (int i = 0; i < truth.length; i++) {
				if (truth[i] > TestPatterns.BACKGROUND + 0.002) continue;
				flatMean += (mean[i] - truth[i]) * (double) (mean[i] - truth[i]);
				flatGaussian += (best.image()[i] - truth[i]) * (double) (best.image()[i] - truth[i]);
			}
			rows.add(new PatternRow(p.label(), ImageQuality.psnr(truth, y), best.score(), ImageQuality.psnr(truth, onePassRaw), ImageQuality
				.psnr(truth, mean), ImageQuality.coverage90(truth, mean, std, new float[truth.length]), flatMean / flatGaussian));
		}
		return rows;
	}

	/** Both tables as Markdown, with the mean gain per noise. */
	public static String markdown(final String model, final List<Row> rows, final List<PatternRow> patterns) {
		final StringBuilder b = new StringBuilder();
		b.append("Held-out whole images (central crops of at most 256 x 256), model ").append(model).append(
			"; PSNR (dB) of the one pass against the oracle-tuned Gaussian filter. The truths carry their acquisition's noise: " +
			"the last column is the PSNR of a truth's noise-free image against it (its noise measured as `bench` measures it): a " +
			"restoration that removes that noise with the measurement's scores about this at best, one that keeps part of it above:\n\n");
		b.append("| image | noise | noisy | best Gaussian | one pass | one pass, stabilized | gain | truth's noise-free image |\n");
		b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
		for (final Row r : rows) {
			b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %s | %+.2f | %s |%n", r.image(), r.noise(), r.psnrNoisy(), r
				.psnrBestGaussian(), r.psnrOnePass(), Double.isNaN(r.psnrStabilized()) ? "" : String.format(Locale.ROOT, "%.2f", r.psnrStabilized()),
				r.gain(), Double.isInfinite(r.psnrNoiseFreeTruth()) ? "noise-free" : String.format(Locale.ROOT, "%.2f", r.psnrNoiseFreeTruth())));
		}
		b.append("\nMean gain over the images, per noise:");
		for (final String noise : rows.stream().map(Row::noise).distinct().toList()) {
			final double[] g = rows.stream().filter(r -> r.noise().equals(noise)).mapToDouble(Row::gain).toArray();
			double sum = 0, min = Double.POSITIVE_INFINITY;
			for (final double v : g) {
				sum += v;
				min = Math.min(min, v);
			}
			b.append(String.format(Locale.ROOT, " %s %+.2f (worst %+.2f);", noise, sum / g.length, min));
		}
		b.append("\n\nTargets that are not cells, Gaussian noise 0.1 of the range, restored as a user runs it (balanced):\n\n");
		b.append("| pattern | noisy | best Gaussian | one pass | posterior mean | coverage90 | flat-background error energy / Gaussian's |\n");
		b.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (final PatternRow p : patterns) {
			b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f |%n", p.pattern(), p.psnrNoisy(), p
				.psnrBestGaussian(), p.psnrOnePass(), p.psnrMean(), p.coverage90(), p.flatEnergyRatio()));
		}
		return b.toString();
	}
}
