package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.almc.restore.ModelLocator;
import org.almc.restore.NoiseSpec;
import org.almc.restore.OutputFiles;
import org.almc.restore.PointSpreadFunction;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;
import org.almc.tf.TfScoreModel;

import ij.IJ;
import ij.ImagePlus;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Batch posterior restoration of files and folders: {@code DIR/<name>_mean.tif},
 * {@code DIR/<name>_std.tif} (and {@code _samples.tif}, {@code _overview.png} on request), each
 * written atomically; inputs whose outputs all exist are skipped, so an interrupted batch resumes.
 * Exit code 0 only if every input succeeded.
 */
abstract class RestoreCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files, or folders of .tif/.tiff files.")
	List<Path> inputs;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
	Path out;

	@Option(names = "--noise", defaultValue = "auto", description = "Noise model: auto, gaussian or camera. auto: camera noise " +
		"estimated from the data, or Gaussian noise where it does not grow with the signal; camera without --gain, --offset and " +
		"--read-noise: estimated (default: ${DEFAULT-VALUE}).")
	String noise;

	@Option(names = "--sigma", description = "Gaussian noise standard deviation in intensity units, or auto (estimated per plane); " +
		"implies --noise gaussian.")
	String sigma;

	@Option(names = "--gain", description = "Camera gain, ADU per photoelectron (camera noise).")
	Double gain;

	@Option(names = "--offset", description = "Camera offset, ADU at zero light (camera noise).")
	Double offset;

	@Option(names = "--read-noise", description = "Camera read noise, ADU standard deviation (camera noise).")
	Double readNoise;

	@Option(names = "--samples", defaultValue = "" + Quality.DEFAULT_SAMPLES, description = "Posterior samples (chains, run in antithetic pairs) (default: ${DEFAULT-VALUE}).")
	int samples;

	@Option(names = "--preset", defaultValue = "balanced", description = "Quality preset: fast, balanced or accurate (default: ${DEFAULT-VALUE}).")
	String preset;

	@Option(names = { "--levels", "--steps" }, defaultValue = "0", description = "Noise levels of the sampler, overriding the preset " +
		"(0: use the preset); --steps is the older name.")
	int levels;

	@Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--model", description = "Score model folder (default: the bundled model).")
	String model;

	@Option(names = "--save-samples", description = "Also write the samples as <name>_samples.tif.")
	boolean saveSamples;

	@Option(names = "--png", description = "Also write <name>_overview.png: input, mean and standard deviation side by side.")
	boolean png;

	@Option(names = "--tile", defaultValue = "512", description = "Largest tile side in pixels (default: ${DEFAULT-VALUE}).")
	int tile;

	@Option(names = "--saturation", description = "Pixel value from which pixels count as saturated (default: 255 for 8-bit, 65535 for 16-bit, none for 32-bit).")
	Double saturation;

	@Mixin
	TensorFlowOptions tensorFlow = new TensorFlowOptions();

	/** The PSF for deconvolution; null for denoising. */
	abstract PointSpreadFunction psf() throws RestorationException;

	abstract String task();

	@Override
	public Integer call() {
		final PrintWriter err = spec.commandLine().getErr();
		final PrintWriter console = spec.commandLine().getOut();
		final StackRestorer.Options options;
		final List<Path> files;
		final Path modelDir;
		try {
			options = new StackRestorer.Options(noiseSpec(), psf(), samples, Quality.parse(preset), levels, seed, saveSamples, tile,
				saturation == null ? Double.NaN : saturation);
			files = expand(inputs);
			OutputFiles.checkWritableFolder(out);
			modelDir = ModelLocator.locate(model, options.psf() != null);
		}
		catch (final RestorationException | IllegalArgumentException e) {
			err.println("Error: " + e.getMessage());
			err.flush();
			return 2;
		}
		int done = 0, skipped = 0;
		final List<String> failed = new ArrayList<>();
		try (TfScoreModel prior = tensorFlow.load(modelDir)) {
			final StackRestorer restorer = new StackRestorer(prior, prior.metadata());
			console.printf("Model %s on %s, %s precision, %d TensorFlow thread(s); %d sample(s), %s preset%n", prior.metadata().name, prior
				.device(), prior.precision().label(), tensorFlow.threads, options.samples(), options.quality().label());
			for (int k = 0; k < files.size(); k++) {
				final Path file = files.get(k);
				final String name = baseName(file);
				final List<Path> targets = new ArrayList<>(List.of(out.resolve(name + "_mean.tif"), out.resolve(name + "_std.tif")));
				if (saveSamples) targets.add(out.resolve(name + "_samples.tif"));
				if (png) targets.add(out.resolve(name + "_overview.png"));
				if (targets.stream().allMatch(Files::isRegularFile)) {
					console.printf("[%d/%d] %s: outputs exist, skipped%n", k + 1, files.size(), file);
					skipped++;
					continue;
				}
				try {
					restoreOne(restorer, options, file, name, k, files.size(), err);
					console.printf("[%d/%d] %s: done%n", k + 1, files.size(), file);
					done++;
				}
				catch (final RestorationException | IOException e) {
					err.printf("%n[%d/%d] %s: FAILED: %s%n", k + 1, files.size(), file, e.getMessage());
					failed.add(file.toString());
				}
				console.flush();
				err.flush();
			}
		}
		catch (final RestorationException e) {
			err.println("Error: " + e.getMessage());
			err.flush();
			return 2;
		}
		catch (final CancellationException e) {
			err.println("Cancelled; finished outputs are kept, no partial file is left.");
			err.flush();
			return 130;
		}
		console.printf("%s: %d done, %d skipped, %d failed%n", task(), done, skipped, failed.size());
		for (final String f : failed) console.println("  failed: " + f);
		console.flush();
		return failed.isEmpty() ? 0 : 1;
	}

	private void restoreOne(final StackRestorer restorer, final StackRestorer.Options options, final Path file, final String name,
		final int index, final int count, final PrintWriter err) throws RestorationException, IOException
	{
		final ImagePlus imp = open(file);
		final long start = System.nanoTime();
		final StackRestorer.Result r = restorer.restore(imp, options, (unit, units, step, total) -> {
			if (step % 10 == 0 || step == total) {
				err.print("\r" + progressBar(index, count, file.getFileName().toString(), unit, units, step, total));
				err.flush();
			}
		}, () -> false);
		err.println();
		for (final String w : r.warnings()) err.println("  warning: " + w);
		for (final String note : r.notes()) err.println("  " + note);
		r.mean().setProperty("Info", r.mean().getProperty("Info") + "input=" + file.toAbsolutePath() + "\n");
		OutputFiles.saveTiff(r.mean(), out.resolve(name + "_mean.tif"));
		OutputFiles.saveTiff(r.std(), out.resolve(name + "_std.tif"));
		if (r.samples() != null) OutputFiles.saveTiff(r.samples(), out.resolve(name + "_samples.tif"));
		if (png) OutputFiles.savePng(OutputFiles.overview(imp, r.mean(), r.std()), out.resolve(name + "_overview.png"));
		err.printf(Locale.ROOT, "  %.1f s%n", (System.nanoTime() - start) * 1e-9);
	}

	static String progressBar(final int file, final int files, final String name, final int unit, final int units, final int step,
		final int total)
	{
		final double fraction = (unit + step / (double) total) / units;
		final int width = 30, filled = (int) Math.round(fraction * width);
		return String.format(Locale.ROOT, "[%s%s] %3.0f%% file %d/%d %s, part %d/%d, step %d/%d", "#".repeat(filled), ".".repeat(width - filled),
			100 * fraction, file + 1, files, name, unit + 1, units, step, total);
	}

	static ImagePlus open(final Path file) throws RestorationException {
		if (!Files.isRegularFile(file)) throw new RestorationException("Input " + file.toAbsolutePath() + " does not exist");
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new RestorationException("Cannot read " + file.toAbsolutePath() + " as an image (is it a TIFF?)");
		return imp;
	}

	NoiseSpec noiseSpec() throws RestorationException {
		final boolean anyCamera = gain != null || offset != null || readNoise != null;
		final boolean allCamera = gain != null && offset != null && readNoise != null;
		if (sigma != null && anyCamera) {
			throw new RestorationException("--sigma is for Gaussian noise and --gain/--offset/--read-noise for a camera: give one or the other");
		}
		if (anyCamera && !allCamera) {
			throw new RestorationException("Camera noise needs all of --gain, --offset and --read-noise (ADU), or none of them " +
				"to estimate them from the data");
		}
		NoiseSpec.Choice choice = NoiseSpec.Choice.parse(noise);
		Double sigmaValue = null;
		if ("auto".equalsIgnoreCase(sigma)) {
			// --sigma auto: Gaussian noise, estimated per plane
			if (choice == NoiseSpec.Choice.CAMERA) throw new RestorationException("--sigma is for Gaussian noise: leave it out with --noise camera");
			choice = NoiseSpec.Choice.GAUSSIAN;
		}
		else if (sigma != null) {
			try {
				sigmaValue = Double.parseDouble(sigma);
			}
			catch (final NumberFormatException e) {
				throw new RestorationException("--sigma must be a number or auto, got '" + sigma + "'");
			}
		}
		return NoiseSpec.choose(choice, sigmaValue, allCamera ? new NoiseSpec.Camera(gain, offset, readNoise) : null);
	}

	static List<Path> expand(final List<Path> inputs) throws RestorationException {
		final List<Path> files = new ArrayList<>();
		for (final Path p : inputs) {
			if (Files.isDirectory(p)) {
				try (Stream<Path> s = Files.list(p)) {
					s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?$")).sorted()
						.forEach(files::add);
				}
				catch (final IOException e) {
					throw new RestorationException("Cannot list folder " + p + ": " + e.getMessage());
				}
			}
			else if (Files.isRegularFile(p)) files.add(p);
			else throw new RestorationException("Input " + p.toAbsolutePath() + " does not exist");
		}
		if (files.isEmpty()) throw new RestorationException("No .tif/.tiff images found in " + inputs);
		return files;
	}

	static String baseName(final Path file) {
		return file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
	}
}
