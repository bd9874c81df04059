package org.almc.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.ScoreModel;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.almc.model.ModelMetadata;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * The model card of an exported prior: {@code README.md} with its provenance and validation
 * numbers, and {@code card.png}: for each real image, a held-out crop, the crop with Gaussian noise
 * of level {@value #CARD_SIGMA}, and its one-pass denoising; then unconditional samples drawn from
 * the prior with {@link AlmcSampler} (no measurement: {@code R = 0}).
 */
public final class ModelCard {

	public static final double CARD_SIGMA = 0.1;
	static final int TILE = 192;
	static final int SAMPLES = 3;
	static final int SAMPLE_SIZE = TILE;
	static final long SEED = 20261124L;

	private ModelCard() {}

	/**
	 * The settings that draw the card's unconditional samples of a prior whose largest level is {@code sigmaMax}: 400
	 * levels down to 0.01, one step each, the last clean estimate as the sample.
	 */
	public static AlmcSampler.Settings priorSampleSettings(final double sigmaMax) {
		return AlmcSampler.Settings.defaults().withSigmaRange(sigmaMax, 0.01).withLevels(400, 1).withReadout(AlmcSampler.Readout
			.cleanEstimates(1, 0, 0));
	}

	/** Writes {@code README.md} and {@code card.png} into {@code dir}; returns the sampler settings used. */
	public static AlmcSampler.Settings write(final Path dir, final ModelMetadata meta, final TrainingDataset dataset,
		final ScoreModel model) throws IOException
	{
		final List<TrainingImage> shown = dataset.withHeldOutStrips();
		final int rows = shown.size() + 1;
		final ByteProcessor canvas = new ByteProcessor(3 * TILE, rows * TILE);
		final ImageShape tile = new ImageShape(TILE, TILE);
		for (int r = 0; r < shown.size(); r++) {
			final float[] clean = brightestCrop(shown.get(r));
			final float[] noisy = new float[clean.length];
			final Random random = new Random(SEED + r);
			for (int i = 0; i < noisy.length; i++) noisy[i] = (float) (clean[i] + CARD_SIGMA * random.nextGaussian());
			final float[][] denoised = { new float[clean.length] };
			model.denoise(tile, new float[][] { noisy }, CARD_SIGMA, denoised);
			paste(canvas, clean, 0, r * TILE, 1);
			paste(canvas, noisy, TILE, r * TILE, 1);
			paste(canvas, denoised[0], 2 * TILE, r * TILE, 1);
		}
		final AlmcSampler.Settings settings = priorSampleSettings(meta.sigmaMax);
		final ImageShape sampleShape = new ImageShape(SAMPLE_SIZE, SAMPLE_SIZE);
		final PosteriorSamples samples = new AlmcSampler(model, settings).sample(Likelihood.none(sampleShape), SAMPLES,
			new SplittableRandom(SEED), SamplerMonitor.NONE);
		final double sampleMax = sampleDisplayMax(samples.chainEstimates());
		for (int c = 0; c < SAMPLES; c++) paste(canvas, samples.chainEstimates()[c], c * TILE, (rows - 1) * TILE, sampleMax);
		final Path png = dir.resolve("card.png");
		if (!new FileSaver(new ImagePlus("card", canvas)).saveAsPng(png.toString())) {
			throw new IOException("ImageJ could not write " + png);
		}
		Files.write(dir.resolve("README.md"), readme(meta, settings, sampleMax).getBytes(StandardCharsets.UTF_8));
		return settings;
	}

	/** The 99.9th percentile of all samples (at least 0.05), so that dim samples stay visible. */
	static double sampleDisplayMax(final float[][] samples) {
		final float[] all = new float[samples.length * samples[0].length];
		for (int c = 0; c < samples.length; c++) System.arraycopy(samples[c], 0, all, c * samples[c].length,
			samples[c].length);
		Arrays.sort(all);
		return Math.max(0.05, all[(int) (0.999 * (all.length - 1))]);
	}

	/** The {@code TILE x TILE} window of the held-out strip with the highest mean (most structure). */
	static float[] brightestCrop(final TrainingImage img) {
		final int w = img.validationWidth(), h = img.height;
		final float[] strip = img.validationRegion();
		final int x0 = Math.max(0, (w - TILE) / 2);
		int bestY = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int y = 0; y + TILE <= h; y += 8) {
			double sum = 0;
			for (int yy = y; yy < y + TILE; yy++) for (int x = x0; x < x0 + TILE; x++) sum += strip[yy * w + x];
			if (sum > best) {
				best = sum;
				bestY = y;
			}
		}
		final float[] crop = new float[TILE * TILE];
		for (int y = 0; y < TILE; y++) System.arraycopy(strip, (bestY + y) * w + x0, crop, y * TILE, TILE);
		return crop;
	}

	/** Pastes a {@code TILE x TILE} normalized plane, display range [0, displayMax] clipped. */
	private static void paste(final ByteProcessor canvas, final float[] plane, final int x0, final int y0,
		final double displayMax)
	{
		for (int y = 0; y < TILE; y++) {
			for (int x = 0; x < TILE; x++) {
				final double v = Math.max(0, Math.min(1, plane[y * TILE + x] / displayMax));
				canvas.set(x0 + x, y0 + y, (int) Math.round(255 * v));
			}
		}
	}

	/** The report of {@code prior-report} on whole held-out images, kept beside the model card. */
	public static final String HELD_OUT_REPORT = "held-out.md";

	static String readme(final ModelMetadata m, final AlmcSampler.Settings s, final double sampleDisplayMax) {
		final StringBuilder b = new StringBuilder();
		final ModelMetadata.Training t = m.training;
		b.append("# ").append(m.name).append(": learned prior for fluorescence microscopy\n\n");
		b.append(m.description).append("\n\n");
		b.append("![held-out crops, noisy (sigma ").append(CARD_SIGMA).append("), denoised; last row: unconditional ")
			.append("samples](card.png)\n\n");
		final List<ModelMetadata.DataFile> strips = t.data.stream().filter(ModelMetadata.DataFile::hasHeldOutStrip).toList();
		b.append("*Rows 1-").append(strips.size()).append(": a ").append(TILE).append("x").append(TILE)
			.append(" crop of the held-out strip of ");
		for (int i = 0; i < strips.size(); i++) b.append(i == 0 ? "" : ", ").append(strips.get(i).file);
		b.append(" (left), with Gaussian noise of sigma ").append(CARD_SIGMA).append(
			" in normalized units (middle), one pass of the denoiser D(x, sigma) (right). Last row: ").append(SAMPLES)
			.append(" unconditional samples of the prior, drawn by `AlmcSampler` with no measurement (").append(s
				.levels()).append(" levels from sigma ").append(s.sigmaMax()).append(" to ").append(s.sigmaMin()).append(
					", step scale ").append(s.stepScale()).append(", ").append(s.finalSteps()).append(
						" final steps, Tweedie clean-up). Display range [0, 1] of the normalized intensities; for the samples [0, ")
			.append(String.format(Locale.ROOT, "%.3f", sampleDisplayMax)).append("] (their 99.9th percentile).*\n\n");
		b.append("## Use\n\n");
		b.append("- Input: one-channel 2D planes, float32 NHWC `[N, H, W, 1]`, normalized per image: the ")
			.append(m.normalization.lowPercentile).append(" percentile maps to 0 and the ").append(
				m.normalization.highPercentile).append(" percentile to 1; `sigma` float32 `[N]`, one noise level per ")
			.append("item, in normalized units, trained range [").append(m.sigmaMin).append(", ").append(m.sigmaMax)
			.append("].\n");
		b.append("- Signatures: `denoise` (x, sigma -> denoised), `score` (x, sigma -> (D - x) / sigma^2), `vjp` ")
			.append("(x, sigma, v -> v^T dD/dx).\n");
		b.append("- H and W must be multiples of ").append(m.sizeMultiple).append(" (`TfScoreModel` pads by mirroring ")
			.append("and crops back). Receptive field ").append(m.receptiveField).append(" px. ").append(m.parameterCount)
			.append(" parameters.\n");
		b.append("- From Java: `try (TfScoreModel prior = TfScoreModel.load(Paths.get(\"models/").append(m.name).append(
			"\"))) { prior.denoise(shape, chains, sigma, out); }`; from the command line: `java -jar plugin/cli/target/almc-cli.jar ")
			.append("prior-denoise IN.tif OUT.tif --sigma auto`.\n\n");
		b.append("## Training\n\n");
		b.append("- Command: `").append(t.command).append("`\n");
		b.append(String.format(Locale.ROOT, "- %d steps of Adam (learning rate %s%s), batch %d of %dx%d patches, %.0f min of ",
			t.steps, t.learningRate, t.learningRateSchedule != null ? ", " + t.learningRateSchedule : "", t.batchSize, t.patchSize,
			t.patchSize, t.wallClockSeconds / 60)).append(
				"training on 2 CPU cores (shared with other work), seed ").append(t.seed).append("; exported weights are ")
			.append("the exponential moving average (decay ").append(t.emaDecay).append(" per step).\n");
		b.append("- Loss: denoising score matching, ").append(t.lossWeighting).append("; sigma ").append(
			t.sigmaDistribution).append(".\n");
		b.append("- Augmentation: ").append(t.augmentation).append(".\n");
		final boolean broad = strips.size() < t.data.size();
		b.append("- Data: real images (").append(broad ? "a central strip of columns of the BPAE images is held out "
			+ "and never seen in training; the other images are used whole, and whole other images are held out for "
			+ "validation" : "a central strip of columns of each is held out and never seen in training").append("), and ")
			.append(t.phantoms).append(", drawn for ").append(Math.round(100 * t.phantomFraction)).append(
				"% of the patches.\n\n");
		b.append("| file | sha256 | size | held-out columns |\n|---|---|---|---|\n");
		for (final ModelMetadata.DataFile f : t.data) {
			b.append("| ").append(f.file).append(" | `").append(f.sha256).append("` | ").append(f.width).append("x")
				.append(f.height).append(" | ").append(f.hasHeldOutStrip() ? f.validationColumnsFrom + ".." +
					(f.validationColumnsTo - 1) + " (all rows)" : "none (used whole)").append(" |\n");
		}
		b.append("\n## Validation (held-out strips, normalized units, PSNR with peak 1)\n\n");
		b.append("| image | sigma | noisy | best Gaussian (oracle width) | denoiser |\n|---|---|---|---|---|\n");
		for (final ModelMetadata.PsnrRow r : m.evaluation) {
			final String best = r.psnrDenoised > r.psnrBestGaussian ? "**" : "";
			b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f dB | %.2f dB (%.1f px) | %s%.2f dB%s |%n", r.image,
				r.sigma, r.psnrNoisy, r.psnrBestGaussian, r.bestGaussianSigmaPixels, best, r.psnrDenoised, best));
		}
		b.append("\nDenoiser error per noise level, pooled over the three held-out strips:\n\n");
		b.append("| sigma | MSE | PSNR | EDM-weighted loss |\n|---|---|---|---|\n");
		for (final ModelMetadata.SigmaLoss l : m.validationLossPerSigma) {
			b.append(String.format(Locale.ROOT, "| %g | %.3g | %.2f dB | %.4f |%n", l.sigma, l.mse, l.psnr, l.edmLoss));
		}
		b.append("\n## Limitations\n\n");
		if (broad) {
			b.append("- Trained on ").append(t.data.size()).append(" real planes of many structures and microscopes ")
				.append("plus synthetic phantoms and test patterns; measured beyond them on whole held-out images by ")
				.append("`prior-report` (").append(HELD_OUT_REPORT).append(" where present). Very low counts (20 ")
				.append("photons and below) are where the one pass is weakest: use `denoise`, whose camera likelihood ")
				.append("models them.\n");
		} else {
			b.append("- Trained on three images of one sample (BPAE cells: actin, mitochondria, nuclei) plus synthetic ")
				.append("phantoms: a prior for similar widefield fluorescence images at this sampling, not a general one.\n");
		}
		b.append("- Small network, short CPU training. Where the oracle-tuned Gaussian filter beats the denoiser in the ")
			.append("table (not bold), it is on smooth content (nuclei) at high noise.\n");
		b.append("- Unconditional samples (last row of the picture) look like the training data's dominant content, ")
			.append("dim background with sparse bright fragments, not whole cells.\n");
		b.append("- 2D only; apply per plane to stacks.\n\n");
		b.append("## License and attribution\n\n");
		b.append("- ").append(m.license).append(".\n- ").append(m.attribution).append("\n- Weights sha256 (")
			.append("variables/variables.data-00000-of-00001): `").append(m.weightsSha256).append("`\n");
		return b.toString();
	}
}
