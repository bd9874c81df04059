package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;
import org.almc.tf.TfScoreModel;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code almc prior-denoise IN OUT --sigma S|auto}: one pass of the learned prior's MMSE denoiser
 * {@code D(x, sigma)}, a fast preview of what the prior knows. The noise and the normalization are found as
 * the restoration finds them ({@link StackRestorer#priorDenoise}: the noise per channel, the model's
 * percentile convention on a first denoising pass per channel and frame, {@link PriorDenoiser}); each
 * plane is denoised once and mapped back to the input's intensity units; the result is written as 32-bit
 * TIFF, atomically. The input is only read.
 */
@Command(name = "prior-denoise", mixinStandardHelpOptions = true,
	description = "Denoise an image (2D, a stack or a hyperstack, plane by plane) with the learned prior's one-pass MMSE " +
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
			"image (per channel), variance-stabilized before the pass (white noise estimated per plane where the noise does not grow with the " +
			"signal) " +
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
		final ImagePlus result;
		try (TfScoreModel prior = tensorFlow.load(ModelLocator.locate(model))) {
			console.printf("Model %s on %s, %s precision%n", prior.metadata().name, prior.device(), prior.precision().label());
			final StackRestorer.Result r = new StackRestorer(prior, prior.metadata()).priorDenoise(imp, NoiseSpec.choose(NoiseSpec.Choice.AUTO,
				fixedSigma, null), TILE_SIZE);
			for (final String line : r.notes()) console.println(line);
			for (final String line : r.warnings()) console.println("warning: " + line);
			result = r.mean();
		}
		final int planes = result.getStackSize();
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
