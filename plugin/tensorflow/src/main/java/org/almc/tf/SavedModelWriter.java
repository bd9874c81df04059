package org.almc.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.almc.model.ModelMetadata.SignatureSpec;
import org.almc.model.ModelMetadata.TensorSpec;
import org.almc.model.NetworkArchitecture;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Exports trained weights as a TensorFlow SavedModel (tag {@code serve}) with three signatures on
 * NHWC tensors, {@code x} float32 {@code [N, H, W, 1]}, {@code sigma} float32 {@code [N]},
 * {@code v} like {@code x}:
 * <ul>
 * <li>{@code denoise}: (x, sigma) -&gt; {@code denoised = D(x, sigma)}</li>
 * <li>{@code score}: (x, sigma) -&gt; {@code score = (D(x, sigma) - x) / sigma^2}, the
 * variance-exploding score by Tweedie's formula</li>
 * <li>{@code vjp}: (x, sigma, v) -&gt; {@code vjp = v^T dD/dx} (per batch item)</li>
 * </ul>
 */
public final class SavedModelWriter {

	public static final String DENOISE = "denoise";
	public static final String SCORE = "score";
	public static final String VJP = "vjp";
	public static final String INPUT_X = "x";
	public static final String INPUT_SIGMA = "sigma";
	public static final String INPUT_V = "v";
	public static final String OUTPUT_DENOISED = "denoised";
	public static final String OUTPUT_SCORE = "score";
	public static final String OUTPUT_VJP = "vjp";

	private SavedModelWriter() {}

	/** Writes the SavedModel into {@code dir} (which must not hold one already). */
	public static void export(final Path dir, final NetworkArchitecture architecture, final NetworkWeights weights,
		final int threads) throws IOException
	{
		if (Files.exists(dir.resolve("saved_model.pb"))) {
			throw new IOException("A SavedModel already exists in " + dir + "; export into an empty folder");
		}
		Files.createDirectories(dir);
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Shape images = Shape.of(-1, -1, -1, 1);
			final Placeholder<TFloat32> x = tf.withName(INPUT_X).placeholder(TFloat32.class, Placeholder.shape(images));
			final Placeholder<TFloat32> sigma = tf.withName(INPUT_SIGMA).placeholder(TFloat32.class, Placeholder.shape(
				Shape.of(-1)));
			final Placeholder<TFloat32> v = tf.withName(INPUT_V).placeholder(TFloat32.class, Placeholder.shape(images));
			final Map<String, Variable<TFloat32>> created = new LinkedHashMap<>();
			final Operand<TFloat32> d = DenoiserNetwork.denoiser(tf, architecture, weights.asVariables(tf, created), x,
				sigma);
			if (!created.keySet().equals(weights.values().keySet())) {
				throw new IllegalArgumentException("The weights do not match the architecture: have " + weights.values()
					.keySet() + ", the network uses " + created.keySet());
			}
			final Operand<TFloat32> denoised = tf.withName(OUTPUT_DENOISED).identity(d);
			final Operand<TFloat32> s2 = tf.math.square(tf.reshape(sigma, tf.constant(new int[] { -1, 1, 1, 1 })));
			final Operand<TFloat32> score = tf.withName(OUTPUT_SCORE).identity(tf.math.div(tf.math.sub(d, x), s2));
			final Gradients grad = tf.gradients(Arrays.asList(d), Arrays.asList(x), Gradients.dx(Arrays.asList(v)));
			final Operand<TFloat32> vjp = tf.withName(OUTPUT_VJP).identity(grad.<TFloat32> dy(0));
			try (Session s = new Session(g, TensorFlowConfig.threads(threads))) {
				s.initialize();
				SavedModelBundle.exporter(dir.toString()).withSession(s).withSignatures(
					Signature.builder().key(DENOISE).input(INPUT_X, x).input(INPUT_SIGMA, sigma).output(OUTPUT_DENOISED,
						denoised).build(),
					Signature.builder().key(SCORE).input(INPUT_X, x).input(INPUT_SIGMA, sigma).output(OUTPUT_SCORE, score)
						.build(),
					Signature.builder().key(VJP).input(INPUT_X, x).input(INPUT_SIGMA, sigma).input(INPUT_V, v).output(
						OUTPUT_VJP, vjp).build()).export();
			}
		}
	}

	/** The signatures this writer gives a SavedModel, as {@code model.json} records them. */
	public static Map<String, SignatureSpec> standardSignatures() {
		final TensorSpec image = new TensorSpec("DT_FLOAT", -1, -1, -1, 1);
		final TensorSpec levels = new TensorSpec("DT_FLOAT", -1);
		final Map<String, SignatureSpec> s = new LinkedHashMap<>();
		final SignatureSpec denoise = new SignatureSpec();
		denoise.inputs.put(INPUT_X, image);
		denoise.inputs.put(INPUT_SIGMA, levels);
		denoise.outputs.put(OUTPUT_DENOISED, image);
		s.put(DENOISE, denoise);
		final SignatureSpec score = new SignatureSpec();
		score.inputs.putAll(denoise.inputs);
		score.outputs.put(OUTPUT_SCORE, image);
		s.put(SCORE, score);
		final SignatureSpec vjp = new SignatureSpec();
		vjp.inputs.putAll(denoise.inputs);
		vjp.inputs.put(INPUT_V, image);
		vjp.outputs.put(OUTPUT_VJP, image);
		s.put(VJP, vjp);
		return s;
	}
}
