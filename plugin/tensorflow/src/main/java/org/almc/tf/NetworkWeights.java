package org.almc.tf;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Values of the denoiser's weights by flat name, and the {@link DenoiserNetwork.Parameters} that
 * turn them (or a seeded random initialization) into graph variables.
 */
public final class NetworkWeights {

	private final Map<String, float[]> values = new LinkedHashMap<>();
	private final Map<String, long[]> shapes = new LinkedHashMap<>();

	public void put(final String name, final long[] shape, final float[] value) {
		if (Shape.of(shape).size() != value.length) {
			throw new IllegalArgumentException("Weight " + name + " of shape " + Arrays.toString(shape) +
				" needs " + Shape.of(shape).size() + " values, got " + value.length);
		}
		values.put(name, value);
		shapes.put(name, shape.clone());
	}

	public Map<String, float[]> values() {
		return Collections.unmodifiableMap(values);
	}

	public long[] shape(final String name) {
		return shapes.get(name).clone();
	}

	/** Total number of scalar parameters. */
	public long parameterCount() {
		long n = 0;
		for (final float[] v : values.values()) n += v.length;
		return n;
	}

	/**
	 * Parameters drawn from a seeded He initialization ({@code N(0, initScale^2 2 / fanIn)}, biases
	 * zero), created as root-scope variables; each created variable is reported to {@code created}.
	 */
	public static DenoiserNetwork.Parameters randomVariables(final Ops tf, final long seed,
		final Map<String, Variable<TFloat32>> created)
	{
		final Random random = new Random(seed);
		return (name, shape, fanIn, initScale) -> {
			final float[] init = new float[(int) Shape.of(shape).size()];
			if (fanIn > 0 && initScale != 0) {
				final double std = initScale * Math.sqrt(2.0 / fanIn);
				for (int i = 0; i < init.length; i++) init[i] = (float) (std * random.nextGaussian());
			}
			return variable(tf, name, shape, init, created);
		};
	}

	/** Parameters initialized from these values; fails naming the weight if one is missing or misshapen. */
	public DenoiserNetwork.Parameters asVariables(final Ops tf, final Map<String, Variable<TFloat32>> created) {
		return (name, shape, fanIn, initScale) -> {
			final float[] v = values.get(name);
			if (v == null) throw new IllegalArgumentException("No value for network weight '" + name + "'");
			if (!Arrays.equals(shapes.get(name), shape)) {
				throw new IllegalArgumentException("Network weight '" + name + "' has shape " +
					Arrays.toString(shapes.get(name)) + ", the architecture expects " + Arrays.toString(shape));
			}
			return variable(tf, name, shape, v, created);
		};
	}

	private static Operand<TFloat32> variable(final Ops tf, final String name, final long[] shape,
		final float[] init, final Map<String, Variable<TFloat32>> created)
	{
		final Operand<TFloat32> initial = tf.withInitScope().constant(Shape.of(shape), DataBuffers.of(init, true,
			false));
		final Variable<TFloat32> var = tf.withName(name).variable(initial);
		created.put(name, var);
		return var;
	}
}
