package org.almc.fiji;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.noise.PoissonNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.restore.PointSpreadFunction;
import org.almc.restore.RestorationException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * Simulates a widefield camera measurement of a clean image: blur by a PSF (optional), shot noise and
 * read noise, {@code y = offset + gain Poisson(photons x / max(x) * PSF) + N(0, readnoise^2)} in ADU.
 * For trying the restoration tools on clean data.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Simulate Measurement...", headless = true)
public final class SimulateMeasurementCommand extends ContextCommand {

	@Parameter(label = "Clean image", persist = false)
	ImagePlus image;

	@Parameter(label = "PSF (optional)", required = false, persist = false)
	ImagePlus psf;

	@Parameter(label = "Photons at the brightest pixel", min = "0.001")
	double photons = 200;

	@Parameter(label = "Camera gain (ADU per photoelectron)", min = "0.001")
	double gain = 1;

	@Parameter(label = "Camera offset (ADU)")
	double offset = 100;

	@Parameter(label = "Camera read noise (ADU)", min = "0")
	double readnoise = 2;

	@Parameter(label = "Random seed")
	long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Simulated measurement")
	ImagePlus measurement;

	@Override
	public void run() {
		try {
			if (image == null) throw new RestorationException("No clean image: open one first");
			if (image.getType() == ImagePlus.COLOR_RGB) throw new RestorationException("RGB images are not supported: split the channels first");
			final int w = image.getWidth(), h = image.getHeight(), d = image.getStackSize();
			final PointSpreadFunction kernel = psf == null ? null : PointSpreadFunction.from(psf);
			final boolean volume = kernel != null && kernel.is3D();
			if (volume && (image.getNChannels() > 1 || image.getNFrames() > 1)) {
				throw new RestorationException("A 3D PSF needs a single-channel, single-frame z-stack");
			}
			final int depth = volume ? d : 1;
			final ImageShape shape = volume ? new ImageShape(w, h, d) : new ImageShape(w, h);
			final ForwardOperator blur = kernel == null ? new IdentityOperator(shape)
				: new PsfConvolution(shape, kernel.shape(), kernel.values(), PsfConvolution.Boundary.MIRROR);
			double max = 0;
			for (int p = 1; p <= d; p++) max = Math.max(max, image.getStack().getProcessor(p).getStatistics().max);
			if (!(max > 0)) throw new RestorationException("The clean image has no positive pixels");
			final SplittableRandom random = new SplittableRandom(seed);
			final ImageStack out = new ImageStack(w, h);
			for (int p0 = 1; p0 <= d; p0 += depth) {
				final float[] clean = new float[shape.size()];
				for (int z = 0; z < depth; z++) {
					final ij.process.ImageProcessor ip = image.getStack().getProcessor(p0 + z);
					for (int i = 0; i < w * h; i++) clean[z * w * h + i] = (float) Math.max(0, ip.getf(i) / max);
				}
				final float[] blurred = new float[clean.length];
				blur.apply(clean, blurred);
				for (int z = 0; z < depth; z++) {
					final float[] y = new float[w * h];
					for (int i = 0; i < y.length; i++) {
						final double expected = photons * Math.max(blurred[z * w * h + i], 0);
						y[i] = (float) (offset + gain * PoissonNoise.poisson(expected, random) + readnoise * random.nextGaussian());
					}
					out.addSlice(image.getStack().getSliceLabel(p0 + z), new FloatProcessor(w, h, y));
				}
			}
			measurement = new ImagePlus(image.getShortTitle() + "_measured", out);
			measurement.setDimensions(image.getNChannels(), image.getNSlices(), image.getNFrames());
			measurement.setCalibration(image.getCalibration().copy());
			measurement.setProperty("Info", String.format(java.util.Locale.ROOT,
				"ALMC simulated measurement\npsf=%s\nphotons=%s gain=%s offset=%s readnoise=%s seed=%d\n", kernel == null ? "none" : kernel.title(),
				photons, gain, offset, readnoise, seed));
		}
		catch (final RestorationException | IllegalArgumentException e) {
			cancel(e.getMessage());
			if (!java.awt.GraphicsEnvironment.isHeadless()) ij.IJ.error("Posterior Sampling", e.getMessage());
		}
	}
}
