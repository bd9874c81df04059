package org.almc.tf;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.almc.model.NetworkArchitecture;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Widens a trained {@link DenoiserNetwork} without changing what it computes (Net2Net's function-preserving
 * growth, Chen et al. 2016): every weight of the wider network that connects an old channel to an old channel
 * is the trained one, every weight from a new channel into an old one is zero, and the new channels' own
 * weights are a fresh initialization. The new channels start out computing something the old ones ignore, so
 * training goes on from the trained function and can put the added width to use.
 */
public final class NetworkWidening {

	private NetworkWidening() {}

	/**
	 * @param trained the trained weights, of {@code from}
	 * @param fresh an initialization of {@code to} (for example a seeded random one), whose new channels' weights
	 *          are kept
	 * @return weights of {@code to} that compute what {@code trained} does
	 */
	public static NetworkWeights widen(final NetworkWeights trained, final NetworkArchitecture from, final NetworkWeights fresh,
		final NetworkArchitecture to)
	{
		from.validate();
		to.validate();
		if (from.levels() != to.levels() || from.embeddingWidth != to.embeddingWidth || from.noiseFrequencies != to.noiseFrequencies ||
			from.sigmaData != to.sigmaData)
		{
			throw new IllegalArgumentException("Widening keeps the levels, the noise embedding and sigma_data; only the channel counts grow (" +
				Arrays.toString(from.channels) + " -> " + Arrays.toString(to.channels) + ")");
		}
		for (int k = 0; k < from.levels(); k++) {
			if (to.channels[k] < from.channels[k]) {
				throw new IllegalArgumentException("Widening cannot narrow level " + (k + 1) + ": " + Arrays.toString(from.channels) +
					" -> " + Arrays.toString(to.channels));
			}
		}
		final Map<String, long[]> oldShapes = shapes(from), newShapes = shapes(to);
		final NetworkWeights out = new NetworkWeights();
		for (final Map.Entry<String, long[]> e : newShapes.entrySet()) {
			final String name = e.getKey();
			final long[] shape = e.getValue(), oldShape = oldShapes.get(name);
			final float[] old = trained.values().get(name), init = fresh.values().get(name);
			if (old == null || !Arrays.equals(trained.shape(name), oldShape)) {
				throw new IllegalArgumentException("The trained weights lack '" + name + "' of shape " + Arrays.toString(oldShape) +
					": they are not of the architecture " + Arrays.toString(from.channels));
			}
			if (init == null || !Arrays.equals(fresh.shape(name), shape)) {
				throw new IllegalArgumentException("The fresh weights lack '" + name + "' of shape " + Arrays.toString(shape));
			}
			final int rank = shape.length;
			final int outNew = (int) shape[rank - 1], outOld = (int) oldShape[rank - 1];
			final int inNew = rank >= 2 ? (int) shape[rank - 2] : 1, inOld = rank >= 2 ? (int) oldShape[rank - 2] : 1;
			final int taps = (int) (Shape.of(shape).size() / ((long) inNew * outNew));
			final int[] outMap = name.startsWith("unpool") ? blocks(outOld / 4, outNew / 4, 4) : prefix(outOld, outNew);
			final int[] inMap = rank >= 2 && name.startsWith("up") && !name.startsWith("unpool") && (name.endsWith("_conv1_w") ||
				name.endsWith("_skip_w")) ? blocks(inOld / 2, inNew / 2, 2) : prefix(inOld, inNew);
			final float[] w = init.clone();
			for (int t = 0; t < taps; t++) {
				for (int i = 0; i < inNew; i++) {
					for (int o = 0; o < outNew; o++) {
						if (outMap[o] < 0) continue; // a new channel's weights: the fresh ones
						w[(t * inNew + i) * outNew + o] = inMap[i] < 0 ? 0 : old[(t * inOld + inMap[i]) * outOld + outMap[o]];
					}
				}
			}
			out.put(name, shape, w);
		}
		if (trained.values().size() != out.values().size()) {
			throw new IllegalArgumentException("The trained weights hold " + trained.values().size() + " tensors, the architecture " +
				out.values().size());
		}
		return out;
	}

	/**
	 * The old index of each new channel, -1 for an added one, where the axis is {@code groups} consecutive groups of
	 * {@code oldWidth} channels grown to {@code newWidth} each (a concatenation, or a pixel shuffle's sub-pixels).
	 */
	static int[] blocks(final int oldWidth, final int newWidth, final int groups) {
		final int[] map = new int[groups * newWidth];
		for (int i = 0; i < map.length; i++) {
			final int g = i / newWidth, c = i % newWidth;
			map[i] = c < oldWidth ? g * oldWidth + c : -1;
		}
		return map;
	}

	private static int[] prefix(final int oldWidth, final int newWidth) {
		return blocks(oldWidth, newWidth, 1);
	}

	/** Every weight's name and shape, in the order the network creates them. */
	public static Map<String, long[]> shapes(final NetworkArchitecture a) {
		final Map<String, long[]> shapes = new LinkedHashMap<>();
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final int size = a.sizeMultiple();
			DenoiserNetwork.denoiser(tf, a, (name, shape, fanIn, initScale) -> {
				shapes.put(name, shape.clone());
				return (Operand<TFloat32>) tf.zeros(tf.constant(shape), TFloat32.class);
			}, tf.zeros(tf.constant(new long[] { 1, size, size, 1 }), TFloat32.class), tf.constant(new float[] { 1f }));
		}
		return shapes;
	}

	/**
	 * The channel counts of the network these weights were trained for, read off the shapes of its input
	 * convolution and its stride-2 convolutions ({@code in_w}, {@code pool<k>_w}); the embedding of {@code like}.
	 */
	public static NetworkArchitecture architectureOf(final Map<String, float[]> values, final NetworkArchitecture like) {
		final float[] in = values.get("in_w");
		if (in == null || in.length % 9 != 0) throw new IllegalArgumentException("The weights hold no 3 x 3 input convolution 'in_w'");
		final java.util.List<Integer> channels = new java.util.ArrayList<>();
		channels.add(in.length / 9);
		for (int k = 1; values.containsKey("pool" + k + "_w"); k++) {
			final int previous = channels.get(k - 1), length = values.get("pool" + k + "_w").length;
			if (length % (9 * previous) != 0) throw new IllegalArgumentException("'pool" + k + "_w' does not fit " + previous + " input channels");
			channels.add(length / (9 * previous));
		}
		final NetworkArchitecture a = new NetworkArchitecture();
		a.channels = channels.stream().mapToInt(Integer::intValue).toArray();
		a.embeddingWidth = like.embeddingWidth;
		a.noiseFrequencies = like.noiseFrequencies;
		a.sigmaData = like.sigmaData;
		a.validate();
		return a;
	}
}
