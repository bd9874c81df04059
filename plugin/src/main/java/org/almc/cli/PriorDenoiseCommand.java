package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.almc.core.ImageShape;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.RestorationException;
import org.almc.tf.TfScoreModel;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code almc prior-denoise IN OUT --sigma S|auto}: one pass of the learned prior's MMSE denoiser
 * {@code D(x, sigma)}, a fast preview of what the prior knows. Each plane is normalized with the
 * model's percentile convention (percentiles of a first denoising pass, {@link PriorDenoiser}), denoised,
 * and mapped back to the input's intensity units; the result is written as 32-bit TIFF, atomically. The input
 * is only read.
 */
@Command(name = "prior-denoise", mixinStandardHelpOptions = true,
	description = "Denoise an image (2D or a stack, plane by plane) with the learned prior's one-pass MMSE " +
		"denoiser.")
public final class PriorDenoiseCommand implements Callable<Integer> {

	/** Planes larger than this are denoised in overlapping tiles. */
	static final int TILE_SIZE = 1024;

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", description = "Input image (TIFF or anything ImageJ reads).")
	Path input;

	@Parameters(index = "1", description = "Output 32-bit TIFF.")
	Path output;

	@Option(names = "--sigma", defaultValue = "auto",
		description = "Noise standard deviation in the image's intensity units, or 'auto': the camera noise estimated from the " +
			"image, variance-stabilized before the pass (white noise estimated per plane where the noise does not grow with the signal) " +
			"(default: ${DEFAULT-VALUE}).")
	String sigma;

	@Option(names = "--model", description = "Score model folder (default: the bundled model).")
	String model;

	@Mixin
	TensorFlowOptions tensorFlow = new TensorFlowOptions();

	@Override
	public Integer call() throws IOException, RestorationException {
		final PrintWriter console = spec.commandLine().getOut();
		final Double fixedSigma = parseSigma(sigma);
		if (!Files.isRegularFile(input)) throw new IOException("Input image not found: " + input.toAbsolutePath());
		if (Files.exists(output) && Files.isSameFile(input, output)) {
			throw new IOException("Output " + output + " is the input; the input is never overwritten");
		}
		final ImagePlus imp = IJ.openImage(input.toString());
		if (imp == null) throw new IOException("Cannot read " + input.toAbsolutePath() + " as an image");
		if (imp.getNChannels() > 1) {
			throw new IOException(input + " has " + imp.getNChannels() + " channels; the prior is for one channel");
		}
		final int width = imp.getWidth(), height = imp.getHeight(), planes = imp.getStackSize();
		final ImageShape shape = new ImageShape(width, height);
		final ImageStack in = imp.getStack();
		final ImageStack out = new ImageStack(width, height);
		try (TfScoreModel prior = tensorFlow.load(ModelLocator.locate(model))) {
			final ModelMetadata meta = prior.metadata();
			console.printf("Model %s on %s, %s precision%n", meta.name, prior.device(), prior.precision().label());
			final PriorDenoiser denoiser = new PriorDenoiser(prior, meta, TILE_SIZE);
			final float[] all = new float[width * height * planes];
			for (int z = 0; z < planes; z++) {
				final float[] p = (float[]) in.getProcessor(z + 1).convertToFloatProcessor().getPixels();
				System.arraycopy(p, 0, all, z * p.length, p.length);
			}
			final NoiseSpec noise = fixedSigma != null ? new NoiseSpec.Gaussian(fixedSigma) : estimated(all, width, height, planes);
			if (fixedSigma == null) console.printf("noise %s%n", noise.describe());
			final PercentileNormalization.Fit fit = denoiser.fit(all, width, height, noise);
			for (int z = 0; z < planes; z++) {
				final float[] plane = new float[width * height];
				System.arraycopy(all, z * plane.length, plane, 0, plane.length);
				if (noise.stabilizer().isPresent()) {
					console.printf("plane %d/%d: camera noise, variance-stabilized (generalized Anscombe) and denoised at unit noise%n", z + 1,
						planes);
				}
				else {
					final double sigma = noise.equivalentSigma(plane, shape);
					console.printf("plane %d/%d: sigma %.4g (%.4g normalized; the model's range is [%s, %s])%n", z + 1, planes, sigma, sigma /
						fit.scale, meta.sigmaMin, meta.sigmaMax);
				}
				out.addSlice(in.getSliceLabel(z + 1), new FloatProcessor(width, height, denoiser.denoise(plane, width, height, fit, noise)));
			}
		}
		final ImagePlus result = new ImagePlus(imp.getTitle() + " prior-denoised", out);
		result.setCalibration(imp.getCalibration());
		result.setDimensions(1, imp.getNSlices(), imp.getNFrames());
		AtomicFiles.write(output, tmp -> {
			final FileSaver saver = new FileSaver(result);
			if (!(planes > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString()))) {
				throw new IOException("ImageJ could not write a TIFF to " + tmp);
			}
		});
		console.printf("Wrote %s%n", output);
		console.flush();
		return 0;
	}

	/**
	 * The noise of {@code auto}: a camera estimated from the planes pooled (up to 4 Mpixels), whose noise
	 * each plane is stabilized for before the pass ({@link PriorDenoiser}), or white noise estimated per plane where
	 * the noise does not grow with the signal. A camera's shot noise is strongest in the bright structures;
	 * the per-plane Gaussian estimate (from the mostly dark background) under-denoises them.
	 */
	static NoiseSpec estimated(final float[] all, final int width, final int height, final int planes) throws RestorationException {
		final int n = width * height;
		final int[] used = NoiseSpec.samplePlanes(planes, n);
		final float[] sample = new float[n * used.length];
		for (int k = 0; k < used.length; k++) System.arraycopy(all, used[k] * n, sample, k * n, n);
		return new NoiseSpec.EstimatedCamera(true).resolve(sample, used.length > 1 ? new ImageShape(width, height, used.length)
			: new ImageShape(width, height));
	}

	static Double parseSigma(final String text) {
		if ("auto".equalsIgnoreCase(text)) return null;
		final double s;
		try {
			s = Double.parseDouble(text);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("--sigma must be a positive number or 'auto', got '" + text + "'", e);
		}
		if (!(s > 0) || Double.isInfinite(s)) {
			throw new IllegalArgumentException("--sigma must be a positive number or 'auto', got '" + text + "'");
		}
		return s;
	}
}
