package org.almc.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;

import org.almc.core.ImageShape;
import org.almc.model.PercentileNormalization;
import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.RestorationException;
import org.almc.tf.TfScoreModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * The learned prior's one-pass MMSE denoiser {@code D(y, sigma)}, plane by plane ({@link PriorDenoiser}:
 * normalized with the percentiles of a first pass): a fast preview (no posterior samples, no uncertainty).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Quick Denoise (prior mean)...", headless = true)
public final class QuickDenoiseCommand extends ContextCommand {

	/** Planes larger than this are denoised in overlapping tiles. */
	static final int TILE_SIZE = 1024;

	@Parameter(label = "Image", persist = false)
	ImagePlus image;

	@Parameter(label = "Noise sigma (intensity units; 0 = estimate per plane)", min = "0", description = "0: the camera noise " +
		"estimated from each plane, variance-stabilized before the pass (white noise where it does not grow with the signal).")
	double sigma = 0;

	@Parameter(label = "Model folder (empty: bundled model)", required = false, style = "directory", persist = false)
	File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	ImagePlus denoised;

	@Override
	public void run() {
		try {
			if (image == null) throw new RestorationException("No input image: open an image first");
			if (image.getType() == ImagePlus.COLOR_RGB) throw new RestorationException("RGB images are not supported: split the channels first");
			try (TfScoreModel prior = ModelLocator.load(ModelLocator.locate(model == null ? null : model.getPath()))) {
				final PriorDenoiser denoiser = new PriorDenoiser(prior, prior.metadata(), TILE_SIZE);
				final int w = image.getWidth(), h = image.getHeight();
				final ImageStack out = new ImageStack(w, h);
				final StringBuilder estimates = new StringBuilder();
				for (int p = 1; p <= image.getStackSize(); p++) {
					final float[] raw = (float[]) image.getStack().getProcessor(p).convertToFloatProcessor().getPixels();
					for (final float v : raw) {
						if (!Float.isFinite(v)) throw new RestorationException("Plane " + p + " has NaN or infinite pixels: replace them first");
					}
					// estimated: the plane's camera noise, stabilized before the pass (shot noise is strongest in the bright parts)
					final NoiseSpec noise = sigma > 0 ? new NoiseSpec.Gaussian(sigma) : new NoiseSpec.EstimatedCamera(true).resolve(raw,
						new ImageShape(w, h));
					if (!(sigma > 0)) estimates.append("noise_estimate_plane").append(p).append('=').append(noise.describe()).append('\n');
					final PercentileNormalization.Fit fit = denoiser.fit(raw, w, h, noise);
					out.addSlice(image.getStack().getSliceLabel(p), new FloatProcessor(w, h, denoiser.denoise(raw, w, h, fit, noise)));
				}
				denoised = new ImagePlus(image.getShortTitle() + "_prior-mean", out);
				denoised.setDimensions(image.getNChannels(), image.getNSlices(), image.getNFrames());
				denoised.setCalibration(image.getCalibration().copy());
				denoised.setProperty("Info", "ALMC quick denoise (one-pass prior MMSE)\nsigma=" + (sigma > 0 ? sigma : "auto") + "\nmodel=" +
					prior.metadata().name + "\n" + estimates);
			}
		}
		catch (final RestorationException | IllegalArgumentException e) {
			cancel(e.getMessage());
			if (!GraphicsEnvironment.isHeadless()) IJ.error("Posterior Sampling", e.getMessage());
		}
	}
}
