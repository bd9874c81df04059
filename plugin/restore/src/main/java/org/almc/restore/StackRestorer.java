package org.almc.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.almc.core.CorrelatedNoiseMeasurement;
import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.MeasurementModel;
import org.almc.core.ScoreModel;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseEstimator;
import org.almc.core.noise.NoiseModel;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Posterior restoration of an ImageJ image, any of 8/16/32-bit, 2D, Z, C and T: channels and frames
 * one at a time; Z plane by plane, or jointly with a 3D PSF (the 2D prior then applies to every
 * plane); large planes in overlapping tiles blended without seams. Intensities are normalized per
 * channel and frame with the model's percentile convention, taken on the prior's one-pass denoising of
 * the data ({@link PriorDenoiser}), and mapped back. The input is only read.
 */
public final class StackRestorer {

	/**
	 * The least neighbour correlation of estimated noise (a camera's, or Gaussian noise's per plane) that the
	 * sampler's likelihood takes ({@link CorrelatedNoiseMeasurement}); weaker correlations are left to the
	 * per-pixel variance, as before. Simulated correlated noise (neighbour correlations 0.28 / 0.15, estimated
	 * 0.23-0.31 / 0.12-0.19): the whitened restoration gained 1.1-1.9 dB on a phantom with camera noise
	 * (`CorrelatedCameraNoiseTest`), 0.2-2.2 dB on held-out images at 20 photons and 2.7-3.3 dB with Gaussian
	 * noise ({@code docs/noise.md}); on the real bacteria frame, whose estimate finds 0.06 along x, it
	 * changed nothing that matters (38.05 against 38.09 dB) and took longer.
	 */
	static final double WHITENED_CORRELATION = 0.1;

	/**
	 * @param psf the PSF for deconvolution, or null for denoising
	 * @param samples posterior samples (chains), at least 1 (2 or more for a standard deviation)
	 * @param steps noise levels overriding the preset where &gt; 0
	 * @param keepSamples whether to return the samples as an image
	 * @param tileSize largest tile side in pixels
	 * @param saturation the value from which pixels count as saturated and leave the likelihood;
	 *          NaN: the bit depth's maximum for 8 and 16-bit, none for 32-bit; &le; 0: none
	 */
	public record Options(NoiseSpec noise, PointSpreadFunction psf, int samples, Quality quality, int steps, long seed,
		boolean keepSamples, int tileSize, double saturation)
	{

		public Options {
			if (noise == null) throw new IllegalArgumentException("No noise model given");
			if (quality == null) throw new IllegalArgumentException("No quality preset given");
			if (samples < 1) throw new IllegalArgumentException("The number of samples must be at least 1, got " + samples);
			if (steps < 0) throw new IllegalArgumentException("Steps must be >= 0 (0 = use the preset), got " + steps);
			if (tileSize < 64) throw new IllegalArgumentException("The tile size must be at least 64 pixels, got " + tileSize);
		}

		/** The parameters, for the output's Info. */
		public String describe() {
			return String.format(Locale.ROOT, "task=%s noise=[%s] psf=%s samples=%d quality=%s steps=%d seed=%d tile=%d",
				psf == null ? "denoise" : "deconvolve", noise.describe(), psf == null ? "none" : psf.title() + " " + psf.shape(),
				samples, quality.label(), steps, seed, tileSize);
		}
	}

	/** Progress: work unit {@code unit} of {@code units} (a plane, volume or tile), step of steps. */
	@FunctionalInterface
	public interface Progress {

		void update(int unit, int units, int step, int steps);
	}

	/**
	 * The outputs; {@code samples} is null unless requested. {@code notes} say what was estimated from
	 * the data (the noise model of each channel) and what was done to the PSF to use it, also recorded
	 * in the outputs' Info.
	 */
	public record Result(ImagePlus mean, ImagePlus std, ImagePlus samples, List<String> warnings, List<String> notes) {}

	private final ScoreModel model;
	private final ModelMetadata metadata;

	public StackRestorer(final ScoreModel model, final ModelMetadata metadata) {
		this.model = new PlanewiseScoreModel(model);
		this.metadata = metadata;
	}

	public Result restore(final ImagePlus input, final Options options, final Progress progress, final BooleanSupplier cancelled)
		throws RestorationException
	{
		final InputChecks.Checked in = InputChecks.check(input, options);
		final List<String> notes = new ArrayList<>();
		final int w = in.width(), h = in.height(), nc = in.channels(), nz = in.slices(), nt = in.frames();
		final boolean joint3D = options.psf() != null && options.psf().is3D();
		final int depth = joint3D ? nz : 1;
		final int psfRadius = options.psf() == null ? 0 : (Math.max(options.psf().shape().dim(0), options.psf().shape().dim(1)) - 1) / 2;
		final int overlap = Math.min(options.tileSize() / 4, Math.max(32, 2 * psfRadius + 16));
		final Tiling tiling = new Tiling(w, h, options.tileSize(), overlap);
		final AlmcSampler.Settings settings = options.quality().settings(metadata.sigmaMin, metadata.sigmaMax, options.steps());
		final AlmcSampler sampler = new AlmcSampler(model, settings);
		final PriorDenoiser prior = new PriorDenoiser(model, metadata, options.tileSize());
		final StringBuilder estimates = new StringBuilder();
		if (options.psf() != null) {
			for (final String note : options.psf().notes()) {
				notes.add("PSF " + options.psf().title() + ": " + note);
				estimates.append("psf_prepared=").append(note).append('\n');
			}
		}
		final NoiseSpec[] noiseSpecs = resolveNoise(in, options.noise(), notes, estimates);

		final int units = nc * nt * (nz / depth) * tiling.tiles().size();
		final int planeSize = w * h;
		final float[][] meanPlanes = new float[nc * nz * nt][];
		final float[][] stdPlanes = new float[nc * nz * nt][];
		final float[][][] samplePlanes = options.keepSamples() ? new float[options.samples()][nc * nz * nt][] : null;
		final SplittableRandom root = new SplittableRandom(options.seed());
		int unit = 0;
		boolean stabilizedInInfo = false;
		boolean whitenedInInfo = false;
		for (int t = 0; t < nt; t++) {
			for (int c = 0; c < nc; c++) {
				final float[] channelVolume = in.volume(c, t);
				final NoiseSpec noiseSpec = noiseSpecs[c];
				final PercentileNormalization.Fit fit = prior.fit(channelVolume, w, h, noiseSpec);
				final double floor = noiseSpec.zeroSignal();
				final SamplingDomain domain = SamplingDomain.of(noiseSpec, fit, options.psf() != null);
				if (domain.isStabilized() && !stabilizedInInfo) {
					estimates.append("sampling=camera noise variance-stabilized (generalized Anscombe), mapped back by the unbiased inverse\n");
					stabilizedInInfo = true;
				}
				for (int z0 = 0; z0 < nz; z0 += depth) {
					final float[] raw = new float[planeSize * depth];
					System.arraycopy(channelVolume, z0 * planeSize, raw, 0, raw.length);
					final float[] firstPlane = new float[planeSize];
					System.arraycopy(raw, 0, firstPlane, 0, planeSize);
					final NoiseModel noise = domain.noiseModel(firstPlane, new ImageShape(w, h));
					// noise correlated between neighbouring pixels, as its estimate found it, is sampled through the
					// filter that whitens it, where nothing else mixes the pixels (CorrelatedNoiseMeasurement)
					final NoiseEstimator.NoiseCorrelation correlation = depth == 1 && options.psf() == null ? noiseSpec.correlation(firstPlane,
						new ImageShape(w, h)) : NoiseEstimator.NoiseCorrelation.NONE;
					// Gaussian of one variance (a camera's once stabilized), correlated as the raw data are; null: sampled as white
					final GaussianNoise correlated = noise instanceof GaussianNoise g && correlation.largest() >= WHITENED_CORRELATION ? g : null;
					if (correlated != null && !whitenedInInfo) {
						estimates.append("noise_whitening=the sampler's likelihood takes the noise's correlation (" + correlation.describe() + ")\n");
						notes.add((nc > 1 ? "channel " + (c + 1) + ": " : "") + "the noise is correlated between neighbouring pixels (" + correlation
							.describe() + "): sampled as such, through the filter that whitens it");
						whitenedInInfo = true;
					}
					final double[] sum = new double[raw.length], sum2 = new double[raw.length], weights = new double[raw.length];
					final double[][] sampleSums = options.keepSamples() ? new double[options.samples()][raw.length] : null;
					for (final Tiling.Tile tile : tiling.tiles()) {
						final int unitIndex = unit++;
						final float[] tileRaw = tiling.extract(raw, depth, tile);
						final ImageShape shape = depth > 1 ? new ImageShape(tile.width(), tile.height(), depth) : new ImageShape(tile.width(), tile.height());
						final float[] y = domain.toSampled(tileRaw);
						final boolean[] valid = in.validMask(tileRaw);
						final Likelihood likelihood;
						if (correlated != null) {
							likelihood = new CorrelatedNoiseMeasurement(shape, correlated.sigma(), correlation, y, valid);
						}
						else {
							final ForwardOperator operator = options.psf() == null ? new IdentityOperator(shape) : new PsfConvolution(shape, options.psf()
								.shape(), options.psf().values(), PsfConvolution.Boundary.MIRROR);
							likelihood = new MeasurementModel(operator, noise, y, valid);
						}
						final PosteriorSamples result = sampler.sample(likelihood, options.samples(), root.split(), new SamplerMonitor() {

							@Override
							public void progress(final int step, final int total) {
								progress.update(unitIndex, units, step, total);
							}

							@Override
							public boolean isCancelled() {
								return cancelled.getAsBoolean();
							}
						});
						final float[] normalizedMean = result.mean();
						final float[] m = domain.toRaw(normalizedMean);
						final float[] s = result.standardDeviation();
						final float[] second = new float[m.length];
						for (int i = 0; i < m.length; i++) {
							s[i] *= (float) domain.stdScale(normalizedMean[i]);
							second[i] = s[i] * s[i] + m[i] * m[i];
						}
						tiling.accumulate(m, depth, tile, sum, weights);
						tiling.accumulate(second, depth, tile, sum2, null);
						if (sampleSums != null) {
							for (int k = 0; k < options.samples(); k++) tiling.accumulate(domain.toRaw(result.samples()[k]), depth, tile, sampleSums[k], null);
						}
					}
					for (int z = 0; z < depth; z++) {
						final int index = in.planeIndex(c, z0 + z, t);
						final float[] mp = new float[planeSize], sp = new float[planeSize];
						for (int i = 0; i < planeSize; i++) {
							final int j = z * planeSize + i;
							final double mean = sum[j] / weights[j];
							// the std is the blend's, from the unclamped mean; the mean holds no negative signal
							mp[i] = (float) Math.max(mean, floor);
							sp[i] = (float) Math.sqrt(Math.max(0, sum2[j] / weights[j] - mean * mean));
						}
						meanPlanes[index] = mp;
						stdPlanes[index] = sp;
						if (sampleSums != null) {
							for (int k = 0; k < options.samples(); k++) {
								final float[] p = new float[planeSize];
								for (int i = 0; i < planeSize; i++) p[i] = (float) (sampleSums[k][z * planeSize + i] / weights[z * planeSize + i]);
								samplePlanes[k][index] = p;
							}
						}
					}
				}
			}
		}
		final String info = "ALMC posterior restoration\n" + options.describe() + "\nmodel=" + metadata.name + "\nsampler levels=" +
			settings.levels() + " final_steps=" + settings.finalSteps() + " sigma=[" + settings.sigmaMin() + ", " + settings.sigmaMax() +
			"] step_scale=" + settings.stepScale() + " flips_and_turns=" + sampler.turnsImages() + "\n" + estimates;
		final ImagePlus mean = in.output(meanPlanes, "mean", info + "output=posterior mean\n", 1);
		final ImagePlus std = in.output(stdPlanes, "std", info + "output=posterior standard deviation\n", 1);
		ImagePlus samples = null;
		if (samplePlanes != null) {
			final float[][] all = new float[options.samples() * meanPlanes.length][];
			// frames are (input frame, sample) with the sample index fastest
			for (int t = 0; t < nt; t++) {
				for (int k = 0; k < options.samples(); k++) {
					for (int z = 0; z < nz; z++) {
						for (int c = 0; c < nc; c++) {
							all[c + nc * (z + nz * (k + options.samples() * t))] = samplePlanes[k][in.planeIndex(c, z, t)];
						}
					}
				}
			}
			samples = in.output(all, "samples", info + "output=posterior samples (frames: input frame x sample, sample fastest)\n", options.samples());
		}
		return new Result(mean, std, samples, in.warnings(), List.copyOf(notes));
	}

	/**
	 * The noise of each channel: {@code noise} itself, or where it is to be estimated from the data, the
	 * estimate from that channel's planes (pooled), so that every plane of a channel shares one model.
	 * What was estimated goes into {@code notes} and, as Info lines, into {@code estimates}.
	 */
	private static NoiseSpec[] resolveNoise(final InputChecks.Checked in, final NoiseSpec noise, final List<String> notes,
		final StringBuilder estimates) throws RestorationException
	{
		final int nc = in.channels(), w = in.width(), h = in.height();
		final NoiseSpec[] specs = new NoiseSpec[nc];
		for (int c = 0; c < nc; c++) {
			if (!noise.estimatesFromData()) {
				specs[c] = noise;
				continue;
			}
			final float[] sample = in.channelSample(c);
			final int planes = sample.length / (w * h);
			specs[c] = noise.resolve(sample, planes > 1 ? new ImageShape(w, h, planes) : new ImageShape(w, h));
			if (specs[c] != noise) {
				notes.add((nc > 1 ? "channel " + (c + 1) + ": " : "") + "noise " + specs[c].describe());
				estimates.append("noise_estimate").append(nc > 1 ? "_c" + (c + 1) : "").append('=').append(specs[c].describe()).append('\n');
			}
		}
		return specs;
	}

	/**
	 * One pass of the prior's denoiser over a hyperstack ({@code prior-denoise}, Quick Denoise): the
	 * noise and the normalization are found as {@link #restore} finds them (the noise per channel, the
	 * normalization per channel and frame), and each plane is denoised once, camera noise
	 * variance-stabilized first ({@link PriorDenoiser}). No sampling and no uncertainty: {@link Result#std()}
	 * and {@link Result#samples()} are null. The input is not modified.
	 */
	public Result priorDenoise(final ImagePlus input, final NoiseSpec noise, final int tileSize) throws RestorationException {
		final Options options = new Options(noise, null, 1, Quality.BALANCED, 0, 0, false, tileSize, Double.NaN);
		final InputChecks.Checked in = InputChecks.check(input, options);
		final int w = in.width(), h = in.height(), nc = in.channels(), nz = in.slices(), nt = in.frames(), planeSize = w * h;
		final List<String> notes = new ArrayList<>();
		final StringBuilder estimates = new StringBuilder();
		final NoiseSpec[] specs = resolveNoise(in, noise, notes, estimates);
		final PriorDenoiser prior = new PriorDenoiser(model, metadata, tileSize);
		final float[][] planes = new float[nc * nz * nt][];
		for (int t = 0; t < nt; t++) {
			for (int c = 0; c < nc; c++) {
				final float[] volume = in.volume(c, t);
				final PercentileNormalization.Fit fit = prior.fit(volume, w, h, specs[c]);
				for (int z = 0; z < nz; z++) {
					final float[] plane = new float[planeSize];
					System.arraycopy(volume, z * planeSize, plane, 0, planeSize);
					planes[in.planeIndex(c, z, t)] = prior.denoise(plane, w, h, fit, specs[c]);
				}
			}
		}
		final String info = "ALMC one-pass prior denoising (the prior's MMSE denoiser; no sampling)\nnoise=[" + noise.describe() + "]\nmodel=" +
			metadata.name + "\n" + estimates;
		return new Result(in.output(planes, "prior-mean", info, 1), null, null, in.warnings(), notes);
	}

	/** Copies one plane's pixels as floats (the image is not modified). */
	static float[] pixels(final ImageProcessor ip) {
		final int n = ip.getPixelCount();
		final float[] out = new float[n];
		for (int i = 0; i < n; i++) out[i] = ip.getf(i);
		return out;
	}

	static ImageStack stack(final int width, final int height, final float[][] planes) {
		final ImageStack s = new ImageStack(width, height);
		for (final float[] p : planes) s.addSlice(new FloatProcessor(width, height, p));
		return s;
	}
}
