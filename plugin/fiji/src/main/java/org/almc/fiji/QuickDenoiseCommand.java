package org.almc.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;

import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;
import org.almc.tf.TfScoreModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;

/**
 * The learned prior's one-pass MMSE denoiser {@code D(y, sigma)} on every plane, with the noise and the
 * normalization found as the restoration finds them ({@link StackRestorer#priorDenoise}; {@link PriorDenoiser}):
 * a fast preview (no posterior samples, no uncertainty).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Quick Denoise (prior mean)...", headless = true)
public final class QuickDenoiseCommand extends ContextCommand {

	/** Planes larger than this are denoised in overlapping tiles. */
	static final int TILE_SIZE = 1024;

	@Parameter(label = "Image", persist = false)
	ImagePlus image;

	@Parameter(label = "Noise sigma (intensity units; 0 = estimate)", min = "0", description = "0: the camera noise " +
		"estimated from each channel, variance-stabilized before the pass (white noise where it does not grow with the signal).")
	double sigma = 0;

	@Parameter(label = "Model folder (empty: bundled model)", required = false, style = "directory", persist = false)
	File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	ImagePlus denoised;

	@Override
	public void run() {
		try {
			try (TfScoreModel prior = ModelLocator.load(ModelLocator.locate(model == null ? null : model.getPath()))) {
				// sigma 0: the camera noise estimated from each channel, stabilized before the pass (shot noise is
				// strongest in the bright parts), or white noise where the noise does not grow with the signal
				final NoiseSpec noise = NoiseSpec.choose(NoiseSpec.Choice.AUTO, sigma > 0 ? sigma : null, null);
				final StackRestorer.Result result = new StackRestorer(prior, prior.metadata()).priorDenoise(image, noise, TILE_SIZE);
				denoised = result.mean();
				denoised.setTitle(image.getShortTitle() + "_prior-mean");
			}
		}
		catch (final RestorationException | IllegalArgumentException e) {
			cancel(e.getMessage());
			if (!GraphicsEnvironment.isHeadless()) IJ.error("Posterior Sampling", e.getMessage());
		}
	}
}
