package org.almc.restore;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.almc.model.ModelMetadata;

/**
 * Finds the score model folder, the same way for every command: an explicit path ({@code --model}, the
 * Model folder field), else the system property {@code almc.model}, else the bundled model
 * {@code models/<name>} next to the installation: beside the jar or up to three folders above it (a
 * source checkout's {@code plugin/cli/target/lib}, Fiji's {@code Fiji.app/jars}, ImageJ's {@code plugins}),
 * then under ImageJ's folder ({@code ij.dir}, e.g. {@code Fiji.app/models}), and last under the working
 * directory. The error names every place tried.
 */
public final class ModelLocator {

	/** The bundled model's folder name: the broad prior, for denoising and the one pass. */
	public static final String DEFAULT_MODEL = "fluo-score-v2";
	/**
	 * The bundled model for deconvolution: the broad prior trained with a noise floor (each real image noised no lower
	 * than twice its own noise, {@code train --noise-floor 2}), so that it has not learned the training images' own
	 * noise as fine structure, which a blur leaves to the prior to fill in. {@code bench --quick --images other-labs
	 * --tasks deconvolve --photons 1000,100} (eight whole images of other labs, 4 chains, 2026-12-06), mean PSNR:
	 * 1000 photons 38.79 dB against 37.63 with the one-cell prior v1 and oracle Richardson-Lucy's 38.37; 100 photons
	 * 34.07 against 33.68 and Tikhonov's 33.04. The broad v2, trained down to its data's own noise, deconvolves far
	 * worse (held-out BPAE strips 2.9 and 1.8 dB below RL); it stays the denoising prior, where it is ahead
	 * ({@code prior-report}: one pass at Gaussian noise 0.05 / 0.1 / 0.2 +1.17 / +1.01 / +0.78 dB over v1, this one
	 * +0.86 / +0.84 / +0.75).
	 */
	public static final String DECONVOLUTION_MODEL = "fluo-score-v2-deconv";
	/** How many folders above the jar's folder are searched for {@code models/}. */
	private static final int FOLDERS_ABOVE_JAR = 4;

	private ModelLocator() {}

	/** The model for denoising: {@link #locate(String, String)} of {@link #DEFAULT_MODEL}. */
	public static Path locate(final String explicit) throws RestorationException {
		return locate(explicit, DEFAULT_MODEL);
	}

	/** The model for a restoration: {@link #DECONVOLUTION_MODEL} with a PSF, {@link #DEFAULT_MODEL} without. */
	public static Path locate(final String explicit, final boolean deconvolution) throws RestorationException {
		return locate(explicit, deconvolution ? DECONVOLUTION_MODEL : DEFAULT_MODEL);
	}

	/** An explicit folder, else {@code almc.model}, else the bundled model {@code name}. */
	static Path locate(final String explicit, final String name) throws RestorationException {
		if (explicit != null && !explicit.isBlank()) return check(Paths.get(explicit));
		final String property = System.getProperty("almc.model");
		if (property != null && !property.isBlank()) return check(Paths.get(property));
		final List<Path> candidates = candidates(codeLocation(), System.getProperty("ij.dir"), Paths.get("").toAbsolutePath(), name);
		for (final Path c : candidates) {
			if (Files.isRegularFile(c.resolve(ModelMetadata.FILE_NAME))) return c.toAbsolutePath().normalize();
		}
		throw new RestorationException("The bundled score model '" + name + "' was not found; looked in " + candidates +
			". Give its folder with --model (or the Model folder field), or install the models/ folder beside the plugin");
	}

	/**
	 * The possible folders of the bundled model {@code name}, in the order they are searched: beside and above
	 * {@code code} (the jar, or a classes folder; may be null), under {@code ijDir} (may be null), under
	 * {@code workingDir}.
	 */
	static List<Path> candidates(final Path code, final String ijDir, final Path workingDir, final String name) {
		final List<Path> candidates = new ArrayList<>();
		if (code != null) {
			Path dir = Files.isDirectory(code) ? code : code.getParent();
			for (int up = 0; up <= FOLDERS_ABOVE_JAR && dir != null; up++, dir = dir.getParent()) {
				candidates.add(dir.resolve("models").resolve(name));
			}
		}
		if (ijDir != null && !ijDir.isBlank()) candidates.add(Paths.get(ijDir, "models", name));
		candidates.add(workingDir.resolve("models").resolve(name));
		return candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
	}

	/** The jar (or classes folder) this class was loaded from; null where the class loader does not say. */
	private static Path codeLocation() {
		try {
			return Paths.get(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (final URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
			return null;
		}
	}

	private static Path check(final Path dir) throws RestorationException {
		if (!Files.isDirectory(dir)) {
			throw new RestorationException("Model folder " + dir.toAbsolutePath() + " does not exist: give the folder that holds model.json");
		}
		if (!Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
			throw new RestorationException("Model folder " + dir.toAbsolutePath() + " has no " + ModelMetadata.FILE_NAME +
				": it is not a score model folder (or it is incomplete)");
		}
		return dir.toAbsolutePath().normalize();
	}

	/** Loads a located model on all cores, in the precision this machine runs best, with clear errors. */
	public static org.almc.tf.TfScoreModel load(final Path dir) throws RestorationException {
		return load(dir, org.almc.tf.TensorFlowConfig.defaultThreads(), org.almc.tf.Precision.AUTO);
	}

	/** Loads a located model, turning load failures into a clear message. */
	public static org.almc.tf.TfScoreModel load(final Path dir, final int threads, final org.almc.tf.Precision precision)
		throws RestorationException
	{
		checkTensorFlowClash(ModelLocator.class.getClassLoader());
		try {
			return org.almc.tf.TfScoreModel.load(dir, threads, precision);
		}
		catch (final IOException | RuntimeException e) {
			throw new RestorationException("Cannot load the score model in " + dir + ": " + e.getMessage() +
				" (reinstall the model folder, or choose another)", e);
		}
		catch (final LinkageError e) {
			throw new RestorationException("TensorFlow Java could not start (" + e + "). If another Fiji plugin installed a different " +
				"TensorFlow (jars/libtensorflow*.jar or lib/*/libtensorflow*), remove it or run ALMC from the command line " +
				"(java -jar almc-cli.jar ...)", e);
		}
	}

	/**
	 * TensorFlow 1.x for Java (libtensorflow, installed in Fiji by some plugins) uses the same package,
	 * {@code org.tensorflow}, as the TensorFlow Java this plugin needs; with both on the class path the
	 * classes mix and fail at random. {@code org.tensorflow.Tensors} exists only in 1.x.
	 */
	static void checkTensorFlowClash(final ClassLoader loader) throws RestorationException {
		final Class<?> old;
		try {
			old = Class.forName("org.tensorflow.Tensors", false, loader);
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return;
		}
		String where = "an unknown jar";
		try {
			where = String.valueOf(old.getProtectionDomain().getCodeSource().getLocation());
		}
		catch (final SecurityException | NullPointerException e) {
			// keep the generic description
		}
		throw new RestorationException("TensorFlow 1.x for Java is on the class path (" + where + "), installed by another plugin; it " +
			"clashes with the TensorFlow Java that ALMC uses. Remove that jar (and lib/<platform>/libtensorflow* from Fiji.app), or " +
			"disable the update site that brought it (Help > Update... > Manage Update Sites), or run ALMC from the command line: " +
			"java -jar almc-cli.jar denoise ...");
	}
}
