package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.train.DenoiserTrainer;
import org.almc.train.PriorExport;
import org.almc.train.TrainingConfig;
import org.almc.train.TrainingDataset;
import org.almc.train.TrainingImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code almc train}: trains the noise-conditioned denoiser (the learned prior) on the clean images
 * in {@code --data} plus procedural phantoms, checkpointing as it goes, then exports the SavedModel
 * with its {@code model.json} and validation numbers into {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
	description = "Train the learned prior (noise-conditioned U-Net denoiser, EDM denoising score matching) and " +
		"export it as a TensorFlow SavedModel with model.json.")
public final class TrainCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--data", description = "Folder of the clean training images (default: ${DEFAULT-VALUE}).",
		defaultValue = "../shared/data")
	Path data;

	@Option(names = "--images", split = ",", description = "Image files in --data (default: ${DEFAULT-VALUE}).",
		defaultValue = "BPAE_actin.tif,BPAE_mito.tif,BPAE_nuclei.tif")
	List<String> images;

	@Option(names = "--out", description = "Model folder to write (default: ${DEFAULT-VALUE}).",
		defaultValue = "models/fluo-score-v1")
	Path out;

	@Option(names = "--overwrite", description = "Replace an existing model folder.")
	boolean overwrite;

	@Option(names = "--checkpoints", description = "Checkpoint folder (default: <tmp>/almc-train/<model name>).")
	Path checkpoints;

	@Option(names = "--resume", description = "Continue from the checkpoint if there is one.")
	boolean resume;

	@Option(names = "--quick", description = "A tiny run of seconds on small patches, for tests.")
	boolean quick;

	@Option(names = "--steps", description = "Optimizer steps (default 12000; 40 with --quick).")
	Long steps;

	@Option(names = "--batch", description = "Patches per step (default 16; 4 with --quick).")
	Integer batch;

	@Option(names = "--patch", description = "Patch size in pixels, a multiple of 2^(levels - 1): 4 for three levels (default 64; 32 with --quick).")
	Integer patch;

	@Option(names = "--channels", split = ",", description = "Channels per U-Net level, full resolution first, 2 to 5 levels " +
		"(default 32,48,64, the bundled priors' shape; 8,12,16 with --quick). Pass the same value when resuming.")
	int[] channels;

	@Option(names = "--learning-rate", description = "Adam learning rate (default 5e-4; 2e-3 with --quick).")
	Float learningRate;

	@Option(names = "--anneal", paramLabel = "FROM,TO,RATE", split = ",", description = "Lower the learning rate from --learning-rate " +
		"at step FROM to RATE at step TO along a half cosine, and keep RATE after TO (default: a constant rate). Steps count from the " +
		"start of training, so a resumed run follows the same schedule.")
	double[] anneal;

	@Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default: ${DEFAULT-VALUE}).")
	int threads;

	@Option(names = "--phantoms", description = "Number of 512x512 phantoms (default 16; 2 of 128x128 with --quick).")
	Integer phantoms;

	@Option(names = "--checkpoint-every", description = "Steps between checkpoints (default 500).")
	Long checkpointEvery;

	@Option(names = "--noise-floor", paramLabel = "K", description = "Noise each real image's patches no lower than K times the " +
		"image's own noise (measured at mid-range), so the prior does not learn that noise as structure (default 0: down to the " +
		"smallest level, as v1 and v2 were trained).")
	Double noiseFloor;

	@Option(names = "--sigma-min", paramLabel = "S", description = "Smallest training noise level, normalized units (default 0.003).")
	Double sigmaMin;

	@Option(names = "--sigma-max", paramLabel = "S", description = "Largest training noise level, normalized units (default 60; the " +
		"restoration presets start at 3 at most).")
	Double sigmaMax;

	@Option(names = "--sigma-log-normal", paramLabel = "MEAN,SPREAD", split = ",", description = "Draw the training noise levels " +
		"with ln sigma normal of this mean and standard deviation, truncated to [--sigma-min, --sigma-max] (EDM's choice, e.g. -2,1.2 " +
		"for levels around 0.14), rather than log-uniform (the default).")
	double[] sigmaLogNormal;

	@Option(names = "--phantom-fraction", paramLabel = "F", description = "Fraction of the patches drawn from phantoms and test patterns " +
		"rather than real images (default 0.25).")
	Double phantomFraction;

	@Option(names = "--zoom-out", paramLabel = "FRACTION,MAX", split = ",", description = "Draw this fraction of the real images' " +
		"patches from a square up to MAX times the patch's side, area-averaged down (thinner structures, less of the image's own noise; " +
		"default: none).")
	double[] zoomOut;

	@Option(names = "--widen-from", paramLabel = "DIR", description = "Start from the training checkpoint in DIR widened to --channels " +
		"(the same function: the trained weights, zero from the added channels into the old ones, a fresh draw for the added channels' " +
		"own; Net2Net), at its step, with fresh optimizer moments; --checkpoints must be a new folder.")
	Path widenFrom;

	@Option(names = "--no-export", description = "Train (and checkpoint) only.")
	boolean noExport;

	@Option(names = "--broad", description = "Train the broad prior: --data is ../shared/data, with the BPAE images and train/ " +
		"(many structures and microscopes) less the held-out set of prior-report, plus test-pattern phantoms; --images is ignored.")
	boolean broad;

	@Override
	public Integer call() throws IOException {
		final PrintWriter console = spec.commandLine().getOut();
		final TrainingConfig config = config();
		config.validate(); // before the data are read
		final Path checkpointDir = checkpoints != null ? checkpoints : Paths.get(System.getProperty("java.io.tmpdir"),
			"almc-train", out.getFileName().toString());
		if (!noExport && Files.exists(out) && !overwrite) {
			throw new IOException("Model folder " + out.toAbsolutePath() + " exists; pass --overwrite to replace it");
		}
		final List<Path> files = new ArrayList<>();
		for (final String name : images) files.add(data.resolve(name));
		final int phantomCount = phantoms != null ? phantoms : quick ? 2 : 16;
		final int phantomSize = quick ? 128 : 512;
		final TrainingDataset loaded = broad ? TrainingDataset.broad(data, new PercentileNormalization(1, 99.8), phantomCount, phantomSize,
			seed + 1000, quick ? 1 : 2) : TrainingDataset.load(files, new PercentileNormalization(1, 99.8), 0.2, phantomCount, phantomSize,
				seed + 1000);
		final TrainingDataset dataset = config.noiseFloor > 0 ? loaded.withOwnNoise() : loaded;
		if (config.noiseFloor > 0) {
			for (final TrainingImage img : dataset.realImages) {
				console.printf("  %-60s own noise %.4f: trained from sigma %.4f%n", img.name, img.ownNoise, Math.max(config.sigmaMin,
					config.noiseFloor * img.ownNoise));
			}
		}
		final List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
		if (!args.isEmpty() && args.get(0).equals(spec.name())) args.remove(0); // invoked through AlmcCli
		final String command = "almc train " + String.join(" ", args);
		if (widenFrom != null) {
			if (channels == null) throw new IllegalArgumentException("--widen-from needs the wider network's --channels");
			DenoiserTrainer.widenCheckpoint(widenFrom, config, checkpointDir);
			final Path history = widenFrom.resolve("commands.txt");
			if (Files.isRegularFile(history)) Files.copy(history, checkpointDir.resolve("commands.txt"), StandardCopyOption.REPLACE_EXISTING);
			console.printf("Widened the checkpoint of %s to channels %s in %s%n", widenFrom, Arrays.toString(channels), checkpointDir);
			resume = true;
		}
		if (!resume && DenoiserTrainer.hasCheckpoint(checkpointDir)) {
			throw new IOException("A checkpoint exists in " + checkpointDir +
				": pass --resume to continue it, or choose another --checkpoints folder");
		}
		final List<String> history = recordCommand(checkpointDir, command);
		console.printf("Training on %d images and %d phantoms of %dx%d; checkpoints in %s%n", dataset.realImages
			.size(), dataset.phantoms.size(), phantomSize, phantomSize, checkpointDir);
		console.flush();
		try (DenoiserTrainer trainer = new DenoiserTrainer(config)) {
			if (resume && DenoiserTrainer.hasCheckpoint(checkpointDir)) {
				trainer.restoreCheckpoint(checkpointDir);
				console.printf("Resumed at step %d%n", trainer.step());
			}
			trainer.train(dataset.sampler(config), checkpointDir, p -> {
				console.println(p);
				console.flush();
			}, () -> Thread.currentThread().isInterrupted());
			if (noExport) return 0;
			final ModelMetadata meta = PriorExport.export(out, overwrite, config, dataset, trainer, String.join(" && ",
				history));
			console.printf("Exported %s (%d steps, %.0f s of training)%n", out, meta.training.steps,
				meta.training.wallClockSeconds);
			for (final ModelMetadata.PsnrRow r : meta.evaluation) {
				console.printf("  %-16s sigma %.2f  PSNR noisy %.2f  best Gaussian %.2f (%.1f px)  denoised %.2f dB%n",
					r.image, r.sigma, r.psnrNoisy, r.psnrBestGaussian, r.bestGaussianSigmaPixels, r.psnrDenoised);
			}
		}
		return 0;
	}

	/**
	 * Appends this invocation to {@code commands.txt} in the checkpoint folder (a fresh run starts a
	 * new history) and returns all invocations that built the checkpoint, oldest first.
	 */
	private List<String> recordCommand(final Path checkpointDir, final String command) throws IOException {
		Files.createDirectories(checkpointDir);
		final Path file = checkpointDir.resolve("commands.txt");
		final boolean continuing = resume && DenoiserTrainer.hasCheckpoint(checkpointDir) && Files.isRegularFile(file);
		final List<String> history = continuing ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
			: new ArrayList<>();
		history.add(command);
		AtomicFiles.writeString(file, String.join("\n", history) + "\n");
		return history;
	}

	private TrainingConfig config() {
		final TrainingConfig c = new TrainingConfig();
		if (quick) {
			c.architecture.channels = new int[] { 8, 12, 16 };
			c.architecture.embeddingWidth = 16;
			c.steps = 40;
			c.batchSize = 4;
			c.patchSize = 32;
			c.learningRate = 2e-3f;
			c.logEvery = 10;
			c.checkpointEvery = 20;
		}
		else {
			c.checkpointEvery = 500;
		}
		if (channels != null) c.architecture.channels = channels.clone();
		if (steps != null) c.steps = steps;
		if (batch != null) c.batchSize = batch;
		if (patch != null) c.patchSize = patch;
		if (learningRate != null) c.learningRate = learningRate;
		if (checkpointEvery != null) c.checkpointEvery = checkpointEvery;
		if (noiseFloor != null) c.noiseFloor = noiseFloor;
		if (sigmaMin != null) c.sigmaMin = sigmaMin;
		if (sigmaMax != null) c.sigmaMax = sigmaMax;
		if (phantomFraction != null) c.phantomFraction = phantomFraction;
		if (sigmaLogNormal != null) {
			if (sigmaLogNormal.length != 2) {
				throw new IllegalArgumentException("--sigma-log-normal takes two numbers, MEAN,SPREAD (of ln sigma), got " + sigmaLogNormal.length);
			}
			c.sigmaLogMean = sigmaLogNormal[0];
			c.sigmaLogSpread = sigmaLogNormal[1];
		}
		if (anneal != null) {
			if (anneal.length != 3 || anneal[0] != Math.rint(anneal[0]) || anneal[1] != Math.rint(anneal[1])) {
				throw new IllegalArgumentException("--anneal takes three numbers, FROM,TO,RATE (two whole step numbers and a learning rate), got " +
					Arrays.toString(anneal));
			}
			c.annealFrom = (long) anneal[0];
			c.annealTo = (long) anneal[1];
			c.annealLearningRate = (float) anneal[2];
		}
		if (zoomOut != null) {
			if (zoomOut.length != 2) {
				throw new IllegalArgumentException("--zoom-out takes two numbers, FRACTION,MAX, got " + zoomOut.length);
			}
			c.zoomOutFraction = zoomOut[0];
			c.zoomOutMax = zoomOut[1];
		}
		c.seed = seed;
		c.threads = threads;
		return c;
	}
}
