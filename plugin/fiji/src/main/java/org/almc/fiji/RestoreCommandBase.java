package org.almc.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.Locale;

import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PointSpreadFunction;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;
import org.almc.tf.TfScoreModel;
import org.scijava.ItemIO;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.app.StatusService;

import ij.IJ;
import ij.ImagePlus;

/**
 * What {@code Denoise (ALMC)} and {@code Deconvolve (ALMC)} share: the noise model, sampling settings
 * and outputs. The parameter names are the macro API (see README): keep them stable.
 */
public abstract class RestoreCommandBase extends ContextCommand {

	static final String AUTO = "Automatic (estimated from the image)";
	static final String GAUSSIAN = "Gaussian";
	static final String CAMERA = "Camera (Poisson-Gaussian)";
	static final String CAMERA_ESTIMATED = "Camera, estimated from the image";

	@Parameter(label = "Image", persist = false, description = "The image to restore (not modified).")
	ImagePlus image;

	@Parameter(label = "Noise model", choices = { AUTO, GAUSSIAN, CAMERA, CAMERA_ESTIMATED }, description = "Automatic: camera noise " +
		"estimated from the image, or Gaussian noise where it does not grow with the intensity (Gaussian of the sigma below where " +
		"one is given). Gaussian: white noise of standard deviation sigma. Camera: shot noise with the gain, offset and read noise " +
		"below, or estimated from the image.")
	String noise = AUTO;

	@Parameter(label = "Noise sigma (intensity units; 0 = estimate)", min = "0", description = "Gaussian noise standard deviation.")
	double sigma = 0;

	@Parameter(label = "Camera gain (ADU per photoelectron)", min = "0")
	double gain = 1;

	@Parameter(label = "Camera offset (ADU)")
	double offset = 100;

	@Parameter(label = "Camera read noise (ADU)", min = "0")
	double readnoise = 2;

	@Parameter(label = "Posterior samples", min = "1", max = "512", description = "Posterior samples (chains, run in antithetic pairs); 2 or more give a standard deviation.")
	int samples = Quality.DEFAULT_SAMPLES;

	@Parameter(label = "Quality", choices = { "fast", "balanced", "accurate" }, description = "Network evaluations per sample: fast 40, balanced 60, accurate 220.")
	String quality = "balanced";

	/** The sampler's noise levels; named {@code steps} in macros, which keep that name. */
	@Parameter(label = "Noise levels (expert; 0 = use quality)", min = "0", description = "Noise levels of the sampler, overriding the quality preset.")
	int steps = 0;

	@Parameter(label = "Random seed", description = "The same seed gives the same result.")
	long seed = 1;

	@Parameter(label = "Create posterior mean")
	boolean createmean = true;

	@Parameter(label = "Create standard deviation (uncertainty)")
	boolean createstd = true;

	@Parameter(label = "Create samples stack")
	boolean createsamples = false;

	@Parameter(label = "Model folder (empty: bundled model)", required = false, style = "directory", persist = false)
	File model;

	@Parameter(required = false)
	StatusService status;

	@Parameter(required = false)
	LogService log;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior standard deviation")
	ImagePlus std;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior samples")
	ImagePlus posteriorsamples;

	/** The PSF, or null for denoising. */
	abstract PointSpreadFunction psf() throws RestorationException;

	@Override
	public void run() {
		try {
			final Double given = sigma > 0 ? sigma : null;
			final NoiseSpec noiseSpec;
			if (AUTO.equals(noise)) noiseSpec = NoiseSpec.choose(NoiseSpec.Choice.AUTO, given, null);
			else if (GAUSSIAN.equals(noise)) noiseSpec = NoiseSpec.choose(NoiseSpec.Choice.GAUSSIAN, given, null);
			else if (CAMERA.equals(noise)) noiseSpec = NoiseSpec.choose(NoiseSpec.Choice.CAMERA, null, new NoiseSpec.Camera(gain, offset, readnoise));
			else if (CAMERA_ESTIMATED.equals(noise)) noiseSpec = NoiseSpec.choose(NoiseSpec.Choice.CAMERA, null, null);
			else {
				throw new RestorationException("Unknown noise model '" + noise + "': use one of '" + AUTO + "', '" + GAUSSIAN + "', '" + CAMERA +
					"', '" + CAMERA_ESTIMATED + "'");
			}
			final StackRestorer.Options options;
			try {
				options = new StackRestorer.Options(noiseSpec, psf(), samples, Quality.parse(quality), steps, seed, createsamples, 512,
					Double.NaN);
			}
			catch (final IllegalArgumentException e) {
				throw new RestorationException(e.getMessage());
			}
			try (TfScoreModel prior = ModelLocator.load(ModelLocator.locate(model == null ? null : model.getPath(), options
				.psf() != null))) {
				final StackRestorer.Result r = new StackRestorer(prior, prior.metadata()).restore(image, options, this::progress,
					() -> isCanceled() || IJ.escapePressed() || Thread.currentThread().isInterrupted());
				for (final String w : r.warnings()) warn(w);
				for (final String note : r.notes()) {
					if (log != null) log.info(note);
					else IJ.log(note);
				}
				final String macro = "\nreproduce=" + MacroOptions.recordedCall(this) + "\n";
				if (createmean) mean = withMacro(r.mean(), macro);
				if (createstd) std = withMacro(r.std(), macro);
				if (createsamples) posteriorsamples = withMacro(r.samples(), macro);
			}
		}
		catch (final RestorationException e) {
			fail(e.getMessage());
		}
		catch (final java.util.concurrent.CancellationException e) {
			cancel("Cancelled: no output was created.");
		}
		finally {
			if (status != null) status.clearStatus();
		}
	}

	private static ImagePlus withMacro(final ImagePlus imp, final String macro) {
		imp.setProperty("Info", imp.getProperty("Info") + macro);
		return imp;
	}

	private void progress(final int unit, final int units, final int step, final int steps) {
		if (status == null || step % 5 != 0 && step != steps) return;
		final int total = units * steps;
		status.showStatus(unit * steps + step, total, String.format(Locale.ROOT, "Posterior sampling: part %d of %d, step %d of %d", unit + 1,
			units, step, steps));
	}

	private void warn(final String message) {
		if (log != null) log.warn(message);
		else IJ.log("Warning: " + message);
	}

	/** Reports a user error: cancels with the message and shows it where there is a screen. */
	void fail(final String message) {
		if (log != null) log.error(message);
		cancel(message);
		if (!GraphicsEnvironment.isHeadless()) IJ.error("Posterior Sampling", message);
	}
}
