package org.almc.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.model.ModelMetadata;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A learned prior served from a TensorFlow SavedModel written by {@link SavedModelWriter}, with its
 * {@code model.json} ({@link ModelMetadata}).
 * <p>
 * Loads once and checks the SavedModel against the metadata (signature names, input and output
 * names, dtypes, ranks, weights checksum). Each call mirror-pads the planes to the size multiple,
 * runs the chains in batches of at most {@link #MAX_PIXELS_PER_CALL} pixels and crops back. Works on
 * 2D planes of normalized intensities (see {@link ModelMetadata#normalization}); apply it per plane
 * for stacks. It keeps no per-call state, so concurrent calls are as safe as the TensorFlow session.
 */
public final class TfScoreModel implements ScoreModel, AutoCloseable {

	/** Upper bound on pixels per TensorFlow call (a batch of chains); larger planes go one at a time. */
	public static final int MAX_PIXELS_PER_CALL = 1 << 20;
	static final String WEIGHTS_FILE = "variables/variables.data-00000-of-00001";

	private final Path dir;
	private final ModelMetadata metadata;
	private final SavedModelBundle bundle;
	private final SessionFunction denoiseFunction;
	private final SessionFunction vjpFunction;
	/** The bfloat16 session of a {@link Precision#MIXED} model (null otherwise). */
	private final SavedModelBundle mixedBundle;
	private final SessionFunction mixedDenoiseFunction;

	private TfScoreModel(final Path dir, final ModelMetadata metadata, final SavedModelBundle bundle,
		final SavedModelBundle mixedBundle)
	{
		this.dir = dir;
		this.metadata = metadata;
		this.bundle = bundle;
		this.denoiseFunction = bundle.function(SavedModelWriter.DENOISE);
		this.vjpFunction = bundle.function(SavedModelWriter.VJP);
		this.mixedBundle = mixedBundle;
		this.mixedDenoiseFunction = mixedBundle == null ? null : mixedBundle.function(SavedModelWriter.DENOISE);
	}

	/** Loads the model in {@code modelDir} with 2 intra-op threads and {@link Precision#AUTO}. */
	public static TfScoreModel load(final Path modelDir) throws IOException {
		return load(modelDir, 2);
	}

	/** Loads the model in {@code modelDir} with {@link Precision#AUTO}. */
	public static TfScoreModel load(final Path modelDir, final int threads) throws IOException {
		return load(modelDir, threads, Precision.AUTO);
	}

	/**
	 * Loads the model in {@code modelDir} (holding {@code model.json} and {@code saved_model.pb}).
	 *
	 * @param threads TensorFlow intra-op threads
	 * @param precision arithmetic of the forward passes ({@link Precision#AUTO}: mixed where the CPU has
	 *          bfloat16 units); vector-Jacobian products always run in float32
	 * @throws IOException if a file is missing or the SavedModel does not match its metadata
	 */
	public static TfScoreModel load(final Path modelDir, final int threads, final Precision precision) throws IOException {
		final ModelMetadata meta = ModelMetadata.read(modelDir);
		checkMetadata(modelDir, meta);
		final Path weights = modelDir.resolve(WEIGHTS_FILE);
		if (!Files.isRegularFile(modelDir.resolve("saved_model.pb")) || !Files.isRegularFile(weights)) {
			throw new IOException("No SavedModel (saved_model.pb and " + WEIGHTS_FILE + ") in " + modelDir.toAbsolutePath());
		}
		if (meta.weightsSha256 != null) {
			final String actual = ModelFiles.sha256(weights);
			if (!actual.equals(meta.weightsSha256)) {
				throw new IOException("Weights " + weights + " have sha256 " + actual + ", model.json expects " +
					meta.weightsSha256 + ": the model folder is corrupt or mixed up");
			}
		}
		final SavedModelBundle bundle = loadBundle(modelDir, meta, TensorFlowConfig.threads(threads));
		SavedModelBundle mixed = null;
		try {
			checkSignatures(modelDir, meta, bundle);
			if (precision.resolve() == Precision.MIXED) mixed = loadBundle(modelDir, meta, TensorFlowConfig.bfloat16(threads));
			return new TfScoreModel(modelDir, meta, bundle, mixed);
		}
		catch (final IOException | RuntimeException e) {
			bundle.close();
			if (mixed != null) mixed.close();
			throw e;
		}
	}

	private static SavedModelBundle loadBundle(final Path modelDir, final ModelMetadata meta,
		final org.tensorflow.proto.ConfigProto config) throws IOException
	{
		try {
			return SavedModelBundle.loader(modelDir.toString()).withTags(meta.tags.toArray(new String[0])).withConfigProto(config)
				.load();
		}
		catch (final TensorFlowException e) {
			throw new IOException("TensorFlow could not load the SavedModel in " + modelDir + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The devices of the model's TensorFlow session, as TensorFlow names them (for example
	 * {@code /job:localhost/replica:0/task:0/device:CPU:0}, and a {@code GPU:0} where the GPU native finds a
	 * GPU; TensorFlow then places the network there). Empty where the session does not say: TensorFlow
	 * Java 1.1.0 keeps the session's native handle private, so it is read by reflection.
	 */
	public java.util.List<String> devices() {
		final org.tensorflow.internal.c_api.TF_Session handle;
		try {
			final java.lang.reflect.Field field = org.tensorflow.Session.class.getDeclaredField("nativeHandle");
			field.setAccessible(true);
			handle = (org.tensorflow.internal.c_api.TF_Session) field.get(bundle.session());
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return java.util.List.of();
		}
		if (handle == null || handle.isNull()) return java.util.List.of();
		final java.util.List<String> names = new java.util.ArrayList<>();
		final org.tensorflow.internal.c_api.TF_Status status = org.tensorflow.internal.c_api.TF_Status.newStatus();
		final org.tensorflow.internal.c_api.TF_DeviceList list = org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices(handle,
			status);
		try {
			if (list == null || list.isNull()) return java.util.List.of();
			final int count = org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount(list);
			for (int i = 0; i < count; i++) {
				final org.bytedeco.javacpp.BytePointer name = org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName(list, i, status);
				if (name != null && !name.isNull()) names.add(name.getString());
			}
		}
		finally {
			if (list != null && !list.isNull()) org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList(list);
			status.delete();
		}
		return names;
	}

	/** Where the network runs: the first GPU among {@link #devices()}, else the CPU, by TensorFlow's short name. */
	public String device() {
		final java.util.List<String> all = devices();
		final String gpu = all.stream().filter(d -> d.contains("GPU:")).findFirst().orElse(null);
		final String shown = gpu != null ? gpu : all.stream().filter(d -> d.contains("CPU:")).findFirst().orElse("CPU (TensorFlow lists no device)");
		return shown.replaceFirst("^/job:[^/]*/replica:\\d+/task:\\d+/device:", "");
	}

	/** {@link Precision#MIXED} or {@link Precision#FLOAT32}: how forward passes run on this machine. */
	public Precision precision() {
		return mixedBundle == null ? Precision.FLOAT32 : Precision.MIXED;
	}

	private static void checkMetadata(final Path dir, final ModelMetadata meta) throws IOException {
		final String where = dir.resolve(ModelMetadata.FILE_NAME).toString();
		if (!ModelMetadata.FORMAT.equals(meta.format)) {
			throw new IOException(where + ": format is '" + meta.format + "', expected '" + ModelMetadata.FORMAT + "'");
		}
		if (!"NHWC".equals(meta.axes)) {
			throw new IOException(where + ": axes are '" + meta.axes + "', only single-channel 'NHWC' is supported");
		}
		if (meta.sizeMultiple < 1) throw new IOException(where + ": sizeMultiple must be >= 1, got " + meta.sizeMultiple);
		if (!(meta.sigmaMin > 0 && meta.sigmaMax > meta.sigmaMin)) {
			throw new IOException(where + ": invalid sigma range [" + meta.sigmaMin + ", " + meta.sigmaMax + "]");
		}
		if (meta.tags == null || meta.tags.isEmpty()) throw new IOException(where + ": no SavedModel tags");
		if (meta.signatures == null) throw new IOException(where + ": no signatures");
		for (final String key : new String[] { SavedModelWriter.DENOISE, SavedModelWriter.VJP }) {
			if (!meta.signatures.containsKey(key)) throw new IOException(where + ": signature '" + key + "' missing");
		}
		meta.normalization.toNormalization();
	}

	/** Compares every signature named in model.json with the SavedModel's. */
	private static void checkSignatures(final Path dir, final ModelMetadata meta, final SavedModelBundle bundle)
		throws IOException
	{
		final Map<String, Signature> actual = new LinkedHashMap<>();
		for (final Signature s : bundle.signatures()) actual.put(s.key(), s);
		for (final Map.Entry<String, ModelMetadata.SignatureSpec> e : meta.signatures.entrySet()) {
			final Signature s = actual.get(e.getKey());
			if (s == null) {
				throw new IOException("SavedModel in " + dir + " has no signature '" + e.getKey() + "' (model.json " +
					"names it); it has " + actual.keySet());
			}
			checkTensors(dir, e.getKey(), "input", e.getValue().inputs, s.getInputs());
			checkTensors(dir, e.getKey(), "output", e.getValue().outputs, s.getOutputs());
		}
	}

	private static void checkTensors(final Path dir, final String signature, final String kind,
		final Map<String, ModelMetadata.TensorSpec> expected, final Map<String, Signature.TensorDescription> actual)
		throws IOException
	{
		if (!expected.keySet().equals(actual.keySet())) {
			throw new IOException("Signature '" + signature + "' of " + dir + " has " + kind + "s " + actual.keySet() +
				", model.json expects " + expected.keySet());
		}
		for (final Map.Entry<String, ModelMetadata.TensorSpec> e : expected.entrySet()) {
			final Signature.TensorDescription t = actual.get(e.getKey());
			final ModelMetadata.TensorSpec spec = e.getValue();
			if (!t.dataType.name().equals(spec.dtype)) {
				throw new IOException("Signature '" + signature + "' " + kind + " '" + e.getKey() + "' has dtype " +
					t.dataType + ", model.json expects " + spec.dtype);
			}
			final long[] dims = t.shape.asArray();
			if (!t.shape.isUnknown() && !compatible(dims, spec.shape)) {
				throw new IOException("Signature '" + signature + "' " + kind + " '" + e.getKey() + "' has shape " +
					t.shape + ", model.json expects " + Arrays.toString(spec.shape));
			}
		}
	}

	private static boolean compatible(final long[] actual, final long[] expected) {
		if (expected == null || actual.length != expected.length) return false;
		for (int i = 0; i < actual.length; i++) {
			if (expected[i] >= 0 && actual[i] >= 0 && expected[i] != actual[i]) return false;
		}
		return true;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	public Path directory() {
		return dir;
	}

	@Override
	public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
		run(shape, noisy, sigma, null, out);
	}

	/** True where the model's training data were augmented by every flip and quarter turn (its {@code model.json} says so). */
	@Override
	public boolean hasPlaneSymmetries() {
		return metadata.training != null && metadata.training.planeSymmetric();
	}

	@Override
	public boolean supportsVectorJacobianProduct() {
		return true;
	}

	/**
	 * The product is taken through the mirror padding: the result is {@code P^T J^T C^T v} where
	 * {@code P} pads, {@code J} is the network's Jacobian and {@code C} crops; the padding's adjoint
	 * adds the gradient of every mirrored pixel onto its source.
	 */
	@Override
	public void denoiseVectorJacobianProduct(final ImageShape shape, final float[][] noisy, final double sigma,
		final float[][] v, final float[][] out)
	{
		if (v.length != noisy.length) {
			throw new IllegalArgumentException(v.length + " vectors for " + noisy.length + " chains");
		}
		run(shape, noisy, sigma, v, out);
	}

	private void run(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] v,
		final float[][] out)
	{
		if (shape.numDimensions() != 2) {
			throw new IllegalArgumentException("The prior " + metadata.name + " is a 2D model; got a " + shape
				.numDimensions() + "D shape " + shape + ": apply it per plane");
		}
		if (!(sigma > 0) || Double.isInfinite(sigma)) {
			throw new IllegalArgumentException("Noise level sigma must be positive and finite, got " + sigma);
		}
		if (out.length != noisy.length) {
			throw new IllegalArgumentException(out.length + " output arrays for " + noisy.length + " chains");
		}
		final int m = metadata.sizeMultiple;
		final int pw = NhwcLayout.paddedSize(shape.dim(0), m), ph = NhwcLayout.paddedSize(shape.dim(1), m);
		final int perCall = Math.max(1, MAX_PIXELS_PER_CALL / (pw * ph));
		for (int from = 0; from < noisy.length; from += perCall) {
			final int count = Math.min(perCall, noisy.length - from);
			final Shape tensorShape = Shape.of(NhwcLayout.tensorShape(count, pw, ph));
			final float[] levels = new float[count];
			Arrays.fill(levels, (float) sigma);
			final float[] result = new float[count * pw * ph];
			final Map<String, Tensor> inputs = new LinkedHashMap<>();
			try (TFloat32 x = TFloat32.tensorOf(tensorShape, DataBuffers.of(NhwcLayout.pack(shape, noisy, from, count, pw,
				ph), true, false));
				TFloat32 s = TFloat32.tensorOf(Shape.of(count), DataBuffers.of(levels, true, false));
				TFloat32 vt = v == null ? null : TFloat32.tensorOf(tensorShape, DataBuffers.of(NhwcLayout.packZeroPadded(
					shape, v, from, count, pw, ph), true, false)))
			{
				inputs.put(SavedModelWriter.INPUT_X, x);
				inputs.put(SavedModelWriter.INPUT_SIGMA, s);
				if (vt != null) inputs.put(SavedModelWriter.INPUT_V, vt);
				final SessionFunction f = v != null ? vjpFunction
					: mixedDenoiseFunction != null ? mixedDenoiseFunction : denoiseFunction;
				final String output = v == null ? SavedModelWriter.OUTPUT_DENOISED : SavedModelWriter.OUTPUT_VJP;
				try (Result r = f.call(inputs)) {
					final Tensor t = r.get(output).orElseThrow(() -> new IllegalStateException("Signature " + f.signature()
						.key() + " of " + dir + " returned no '" + output + "'"));
					((TFloat32) t).copyTo(DataBuffers.of(result, false, false));
				}
			}
			if (v == null) NhwcLayout.unpack(result, pw, ph, shape, out, from, count);
			else NhwcLayout.unpackAdjoint(result, pw, ph, shape, out, from, count);
		}
	}

	@Override
	public void close() {
		bundle.close();
		if (mixedBundle != null) mixedBundle.close();
	}
}
