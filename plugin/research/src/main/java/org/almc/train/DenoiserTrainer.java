package org.almc.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.almc.model.NetworkArchitecture;
import org.almc.tf.DenoiserNetwork;
import org.almc.tf.NetworkWeights;
import org.almc.tf.NetworkWidening;
import org.almc.tf.NhwcLayout;
import org.almc.tf.TensorFlowConfig;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains the denoiser by denoising score matching with the EDM loss weighting:
 * <pre>
 * L = E_{x0, sigma, z} [ lambda(sigma) |D(x0 + sigma z, sigma) - x0|^2 ],
 * lambda(sigma) = (sigma^2 + sigma_data^2) / (sigma sigma_data)^2,
 * </pre>
 * with {@code ln sigma} uniform in {@code [ln sigmaMin, ln sigmaMax]} or normal truncated to it
 * ({@link TrainingConfig#sigmaLogSpread}; from a patch's noise floor, where {@link TrainingConfig#noiseFloor} sets
 * one, up), Adam, and an exponential
 * moving average of the weights kept on the Java side. Every step draws its patches, noise and
 * levels from a random source seeded by {@code (seed, step)}, so a resumed run sees the same data
 * as an uninterrupted one. Checkpoints hold the TensorFlow variables (weights and Adam moments),
 * the moving average and the step.
 */
public final class DenoiserTrainer implements AutoCloseable {

	private static final String CHECKPOINT_PREFIX = "variables";
	private static final String EMA_FILE = "ema.bin";
	/** The standard normal law (no random generator of its own: only its distribution functions are used). */
	private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
	private static final String STEP_FILE = "step.txt";

	private final TrainingConfig config;
	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> clean;
	private final Placeholder<TFloat32> noise;
	private final Placeholder<TFloat32> sigma;
	private final Placeholder<TFloat32> learningRate;
	private final Operand<TFloat32> loss;
	private final Op minimize;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
	private Map<String, float[]> ema;
	private long step;
	/** Seconds spent in {@link #train}, over all runs resumed from one another. */
	private double trainingSeconds;

	public DenoiserTrainer(final TrainingConfig config) {
		this(config, null);
	}

	/** A trainer whose network starts from {@code initial} (of {@code config.architecture}) rather than a random draw. */
	public DenoiserTrainer(final TrainingConfig config, final NetworkWeights initial) {
		config.validate();
		this.config = config;
		graph = new Graph();
		try {
			final Ops tf = Ops.create(graph);
			final Shape images = Shape.of(-1, -1, -1, 1);
			clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(images));
			noise = tf.withName("noise").placeholder(TFloat32.class, Placeholder.shape(images));
			sigma = tf.withName("sigma").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
			final Operand<TFloat32> s = tf.reshape(sigma, tf.constant(new int[] { -1, 1, 1, 1 }));
			final Operand<TFloat32> noisy = tf.math.add(clean, tf.math.mul(noise, s));
			final Operand<TFloat32> denoised = DenoiserNetwork.denoiser(tf, config.architecture, initial != null ? initial
				.asVariables(tf, variables) : NetworkWeights.randomVariables(tf, config.seed, variables), noisy, sigma);
			final float sd = config.architecture.sigmaData;
			final Operand<TFloat32> weight = tf.math.div(tf.math.add(tf.math.square(s), tf.constant(sd * sd)), tf.math
				.square(tf.math.mul(s, tf.constant(sd))));
			loss = tf.math.mean(tf.math.mul(weight, tf.math.square(tf.math.sub(denoised, clean))), tf.constant(
				new int[] { 0, 1, 2, 3 }));
			learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			minimize = AdamUpdate.minimize(tf, loss, variables, learningRate);
			session = new Session(graph, TensorFlowConfig.threads(config.threads));
			session.initialize();
		}
		catch (final RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** Number of optimizer steps taken so far (including those of a restored checkpoint). */
	public long step() {
		return step;
	}

	/** Seconds spent training so far, including the runs this one resumed. */
	public double trainingSeconds() {
		return trainingSeconds;
	}

	/**
	 * Runs optimizer steps until {@code config.steps}, reporting every {@code logEvery} steps and
	 * checkpointing every {@code checkpointEvery} steps and at the end (if {@code checkpointDir} is
	 * not null). Returns early, after a checkpoint, when {@code cancelled} turns true.
	 */
	public void train(final PatchSampler sampler, final Path checkpointDir, final Consumer<TrainingProgress> progress,
		final BooleanSupplier cancelled) throws IOException
	{
		final int n = config.batchSize, p = config.patchSize;
		final float[] cleanBatch = new float[n * p * p];
		final float[] noiseBatch = new float[n * p * p];
		final float[] sigmaBatch = new float[n];
		final long[] tensorShape = NhwcLayout.tensorShape(n, p, p);
		double lossSum = 0;
		long lossCount = 0;
		long reportStart = System.nanoTime(), reportStep = step, clock = System.nanoTime();
		while (step < config.steps && !cancelled.getAsBoolean()) {
			final Random random = stepRandom(config.seed, step);
			fillBatch(sampler, random, cleanBatch, noiseBatch, sigmaBatch);
			try (TFloat32 c = TFloat32.tensorOf(Shape.of(tensorShape), DataBuffers.of(cleanBatch, true, false));
				TFloat32 z = TFloat32.tensorOf(Shape.of(tensorShape), DataBuffers.of(noiseBatch, true, false));
				TFloat32 sg = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(sigmaBatch, true, false));
				TFloat32 lr = TFloat32.scalarOf(config.learningRateAt(step));
				Result r = session.runner().feed(clean, c).feed(noise, z).feed(sigma, sg).feed(learningRate, lr).addTarget(minimize)
					.fetch(loss).run())
			{
				final double l = ((TFloat32) r.get(0)).getFloat();
				if (!Double.isFinite(l)) throw new IllegalStateException("Training loss is " + l + " at step " + step);
				lossSum += l;
				lossCount++;
			}
			step++;
			final long now = System.nanoTime();
			trainingSeconds += (now - clock) * 1e-9;
			clock = now;
			if (step % config.emaEvery == 0 || step == config.steps) updateEma();
			if (step % config.logEvery == 0 || step == config.steps) {
				final double seconds = (System.nanoTime() - reportStart) * 1e-9;
				final double rate = (step - reportStep) / Math.max(seconds, 1e-9);
				progress.accept(new TrainingProgress(step, config.steps, lossSum / lossCount, rate, (config.steps - step) /
					rate));
				lossSum = 0;
				lossCount = 0;
				reportStart = System.nanoTime();
				reportStep = step;
			}
			if (checkpointDir != null && step % config.checkpointEvery == 0) saveCheckpoint(checkpointDir);
		}
		if (checkpointDir != null) saveCheckpoint(checkpointDir);
	}

	/**
	 * The noise level of one patch for a uniform draw {@code u} in [0, 1): log-uniform in {@code [sigmaMin, sigmaMax]},
	 * or in {@code [floor, sigmaMax]} where the patch's floor is higher (its image's own noise times
	 * {@link TrainingConfig#noiseFloor}; never above {@code sigmaMax / 2}). With no floor the draw is the one
	 * training has always made, so runs without one resume exactly. With a finite {@code logSpread},
	 * {@code ln sigma} is normal of mean {@code logMean} and that standard deviation, truncated to the same
	 * interval: {@code u} is mapped through the truncated law's inverse distribution function, so the draw
	 * consumes one uniform number either way.
	 */
	static double trainingSigma(final double u, final double sigmaMin, final double sigmaMax, final double floor, final double logMean,
		final double logSpread)
	{
		final double low = Math.max(sigmaMin, Math.min(floor, sigmaMax / 2));
		final double logMin = Math.log(low), logMax = Math.log(sigmaMax);
		if (Double.isNaN(logSpread)) return Math.exp(logMin + (logMax - logMin) * u);
		final double a = STANDARD_NORMAL.cumulativeProbability((logMin - logMean) / logSpread);
		final double b = STANDARD_NORMAL.cumulativeProbability((logMax - logMean) / logSpread);
		final double z = STANDARD_NORMAL.inverseCumulativeProbability(a + (b - a) * u);
		return Math.exp(Math.min(logMax, Math.max(logMin, logMean + logSpread * z)));
	}

	/** Fills one batch of patches, unit Gaussian noise and noise levels ({@link #trainingSigma}; above each patch's floor). */
	void fillBatch(final PatchSampler sampler, final Random random, final float[] cleanBatch,
		final float[] noiseBatch, final float[] sigmaBatch)
	{
		final int p = config.patchSize;
		for (int i = 0; i < sigmaBatch.length; i++) {
			final TrainingImage img = sampler.sample(random, p, cleanBatch, i * p * p);
			sigmaBatch[i] = (float) trainingSigma(random.nextDouble(), config.sigmaMin, config.sigmaMax, config.noiseFloor * img.ownNoise,
				config.sigmaLogMean, config.sigmaLogSpread);
		}
		for (int i = 0; i < noiseBatch.length; i++) noiseBatch[i] = (float) random.nextGaussian();
	}

	/**
	 * The EDM-weighted loss of the current (not averaged) weights on one batch, without training;
	 * arrays are NHWC {@code [n, size, size, 1]}.
	 */
	public double loss(final float[] cleanBatch, final float[] noiseBatch, final float[] sigmaBatch, final int size) {
		final int n = sigmaBatch.length;
		final Shape shape = Shape.of(NhwcLayout.tensorShape(n, size, size));
		try (TFloat32 c = TFloat32.tensorOf(shape, DataBuffers.of(cleanBatch, true, false));
			TFloat32 z = TFloat32.tensorOf(shape, DataBuffers.of(noiseBatch, true, false));
			TFloat32 sg = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(sigmaBatch, true, false));
			Result r = session.runner().feed(clean, c).feed(noise, z).feed(sigma, sg).fetch(loss).run())
		{
			return ((TFloat32) r.get(0)).getFloat();
		}
	}

	/** A fresh random source for one step, a pure function of the seed and the step. */
	static Random stepRandom(final long seed, final long step) {
		return new Random(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 1);
	}

	/** The current weights, or their moving average if {@code averaged} and one exists. */
	public NetworkWeights weights(final boolean averaged) {
		final Map<String, float[]> values = averaged && ema != null ? ema : currentValues();
		final NetworkWeights weights = new NetworkWeights();
		for (final Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
			weights.put(e.getKey(), e.getValue().shape().asArray(), values.get(e.getKey()).clone());
		}
		return weights;
	}

	private Map<String, float[]> currentValues() {
		final Map<String, float[]> values = new LinkedHashMap<>();
		final Session.Runner runner = session.runner();
		for (final Variable<TFloat32> v : variables.values()) runner.fetch(v);
		try (Result r = runner.run()) {
			int i = 0;
			for (final String name : variables.keySet()) {
				final TFloat32 t = (TFloat32) r.get(i++);
				final float[] a = new float[(int) t.shape().size()];
				t.copyTo(DataBuffers.of(a, false, false));
				values.put(name, a);
			}
		}
		return values;
	}

	/** {@code ema <- d ema + (1 - d) w}, {@code d = decay^emaEvery}, warmed up as {@code min(d, (1+k)/(10+k))}. */
	private void updateEma() {
		final Map<String, float[]> current = currentValues();
		if (ema == null) {
			ema = current;
			return;
		}
		final long k = step / config.emaEvery;
		final double d = Math.min(Math.pow(config.emaDecay, config.emaEvery), (1.0 + k) / (10.0 + k));
		for (final Map.Entry<String, float[]> e : current.entrySet()) {
			final float[] avg = ema.get(e.getKey()), w = e.getValue();
			for (int i = 0; i < avg.length; i++) avg[i] = (float) (d * avg[i] + (1 - d) * w[i]);
		}
	}

	/** Writes the variables, the moving average and (last, so it marks a complete checkpoint) the step. */
	public void saveCheckpoint(final Path dir) throws IOException {
		Files.createDirectories(dir);
		session.save(dir.resolve(CHECKPOINT_PREFIX).toString());
		if (ema != null) {
			final Path tmp = dir.resolve(EMA_FILE + ".tmp");
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
				out.writeInt(ema.size());
				for (final Map.Entry<String, float[]> e : ema.entrySet()) {
					out.writeUTF(e.getKey());
					out.writeInt(e.getValue().length);
					for (final float f : e.getValue()) out.writeFloat(f);
				}
			}
			Files.move(tmp, dir.resolve(EMA_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		final Path tmp = dir.resolve(STEP_FILE + ".tmp");
		Files.write(tmp, (step + " " + trainingSeconds).getBytes(StandardCharsets.UTF_8));
		Files.move(tmp, dir.resolve(STEP_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Whether {@code dir} holds a complete checkpoint. */
	public static boolean hasCheckpoint(final Path dir) {
		return Files.isRegularFile(dir.resolve(STEP_FILE));
	}

	/** Restores a checkpoint written by {@link #saveCheckpoint} with the same architecture. */
	public void restoreCheckpoint(final Path dir) throws IOException {
		final SavedStep saved = readStep(dir);
		step = saved.step();
		trainingSeconds = saved.seconds();
		session.restore(dir.resolve(CHECKPOINT_PREFIX).toString());
		final Map<String, float[]> values = readEma(dir);
		if (values != null) {
			for (final Map.Entry<String, float[]> e : values.entrySet()) {
				final Variable<TFloat32> v = variables.get(e.getKey());
				if (v == null || v.shape().size() != e.getValue().length) {
					throw new IOException("Checkpoint " + dir.resolve(EMA_FILE) + " has weight '" + e.getKey() + "' with " + e.getValue().length +
						" values, which this architecture does not have");
				}
			}
		}
		ema = values;
	}

	/**
	 * Writes into {@code to} a checkpoint of {@code config.architecture}, a widening of the checkpoint in {@code from}
	 * ({@link NetworkWidening}) that computes what its moving average does: the weights and their moving average both
	 * start from that average, the optimizer's moments start afresh, and the step and the seconds trained carry on, so
	 * that the run resumed from it draws the patches and noise the narrower run would have drawn next.
	 */
	public static void widenCheckpoint(final Path from, final TrainingConfig config, final Path to) throws IOException {
		if (hasCheckpoint(to)) throw new IOException("A checkpoint exists in " + to + ": widen into an empty folder, or continue that one with --resume " +
			"(without --widen-from)");
		final SavedStep saved = readStep(from);
		final Map<String, float[]> averaged = readEma(from);
		if (averaged == null) throw new IOException("Checkpoint " + from + " has no moving average (" + EMA_FILE + ") to widen");
		final NetworkArchitecture narrow = NetworkWidening.architectureOf(averaged, config.architecture);
		final NetworkWeights trained = new NetworkWeights();
		for (final Map.Entry<String, long[]> e : NetworkWidening.shapes(narrow).entrySet()) {
			final float[] v = averaged.get(e.getKey());
			if (v == null) throw new IOException("Checkpoint " + from + " lacks the weight '" + e.getKey() + "' of the architecture " +
				Arrays.toString(narrow.channels));
			trained.put(e.getKey(), e.getValue(), v);
		}
		final NetworkWeights fresh;
		try (DenoiserTrainer random = new DenoiserTrainer(config)) {
			fresh = random.weights(false);
		}
		final NetworkWeights wide = NetworkWidening.widen(trained, narrow, fresh, config.architecture);
		try (DenoiserTrainer trainer = new DenoiserTrainer(config, wide)) {
			trainer.step = saved.step();
			trainer.trainingSeconds = saved.seconds();
			trainer.ema = new LinkedHashMap<>();
			for (final Map.Entry<String, float[]> e : wide.values().entrySet()) trainer.ema.put(e.getKey(), e.getValue().clone());
			trainer.saveCheckpoint(to);
		}
	}

	/** A checkpoint's step and the seconds trained up to it. */
	private record SavedStep(long step, double seconds) {}

	/** The step and the seconds trained of the checkpoint in {@code dir}. */
	private static SavedStep readStep(final Path dir) throws IOException {
		if (!hasCheckpoint(dir)) throw new IOException("No complete checkpoint (" + STEP_FILE + ") in " + dir);
		final String text = new String(Files.readAllBytes(dir.resolve(STEP_FILE)), StandardCharsets.UTF_8).trim();
		try {
			final String[] fields = text.split("\\s+");
			return new SavedStep(Long.parseLong(fields[0]), fields.length > 1 ? Double.parseDouble(fields[1]) : 0);
		}
		catch (final NumberFormatException e) {
			throw new IOException("Checkpoint step file " + dir.resolve(STEP_FILE) + " holds '" + text +
				"', expected a step number and optionally the seconds trained", e);
		}
	}

	/** The moving average of the checkpoint in {@code dir}, null where it has none. */
	private static Map<String, float[]> readEma(final Path dir) throws IOException {
		final Path emaFile = dir.resolve(EMA_FILE);
		if (!Files.isRegularFile(emaFile)) return null;
		final Map<String, float[]> values = new LinkedHashMap<>();
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(emaFile)))) {
			final int count = in.readInt();
			for (int i = 0; i < count; i++) {
				final String name = in.readUTF();
				final float[] a = new float[in.readInt()];
				for (int j = 0; j < a.length; j++) a[j] = in.readFloat();
				values.put(name, a);
			}
		}
		return values;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
