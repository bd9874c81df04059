package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.almc.model.NetworkArchitecture;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Widening a network keeps what it computes, and the added channels are live. */
class NetworkWideningTest {

	@Test
	void theWiderNetworkComputesTheSameDenoiser() {
		for (final int[][] widths : new int[][][] { { { 8, 12, 16 }, { 10, 14, 18 } }, { { 6, 8 }, { 9, 8 } }, { { 4, 6, 8, 10 }, { 5, 7, 9, 12 } } }) {
			final NetworkArchitecture from = architecture(widths[0]), to = architecture(widths[1]);
			final NetworkWeights trained = random(from, 3), fresh = random(to, 4);
			final NetworkWeights wide = NetworkWidening.widen(trained, from, fresh, to);
			final int size = 16;
			final float[] x = new float[2 * size * size];
			final Random r = new Random(5);
			for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 + 0.3 * r.nextGaussian());
			final float[] before = run(from, trained, x, size), after = run(to, wide, x, size);
			double diff = 0, scale = 0;
			for (int i = 0; i < before.length; i++) {
				diff = Math.max(diff, Math.abs(after[i] - before[i]));
				scale = Math.max(scale, Math.abs(before[i]));
			}
			assertTrue(diff < 1e-5 * (1 + scale), java.util.Arrays.toString(widths[1]) + ": outputs differ by " + diff);
			assertEquals(NetworkWidening.shapes(to).size(), wide.values().size());
			assertArrayEquals(from.channels, NetworkWidening.architectureOf(trained.values(), from).channels);
			assertArrayEquals(to.channels, NetworkWidening.architectureOf(wide.values(), to).channels);
			// a new channel's incoming weights are the fresh ones, so it is not dead
			assertEquals(fresh.values().get("in_w")[widths[1][0] - 1], wide.values().get("in_w")[widths[1][0] - 1]);
		}
	}

	@Test
	void narrowingOrChangingTheLevelsIsRefused() {
		final NetworkArchitecture from = architecture(8, 12, 16);
		final NetworkWeights trained = random(from, 3);
		final IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> NetworkWidening.widen(trained, from,
			random(architecture(8, 10, 16), 4), architecture(8, 10, 16)));
		assertTrue(narrow.getMessage().contains("cannot narrow level 2"), narrow.getMessage());
		final IllegalArgumentException levels = assertThrows(IllegalArgumentException.class, () -> NetworkWidening.widen(trained, from,
			random(architecture(8, 12, 16, 20), 4), architecture(8, 12, 16, 20)));
		assertTrue(levels.getMessage().contains("only the channel counts grow"), levels.getMessage());
	}

	private static NetworkArchitecture architecture(final int... channels) {
		final NetworkArchitecture a = new NetworkArchitecture();
		a.channels = channels;
		a.embeddingWidth = 8;
		return a;
	}

	/** Seeded random weights, biases included (so that a zero bias cannot hide a wrong mapping). */
	private static NetworkWeights random(final NetworkArchitecture a, final long seed) {
		final Random r = new Random(seed);
		final NetworkWeights w = new NetworkWeights();
		for (final Map.Entry<String, long[]> e : NetworkWidening.shapes(a).entrySet()) {
			final float[] v = new float[(int) Shape.of(e.getValue()).size()];
			final long[] s = e.getValue();
			final double fanIn = s.length >= 2 ? v.length / (double) s[s.length - 1] : 1;
			for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() / Math.sqrt(fanIn));
			w.put(e.getKey(), e.getValue(), v);
		}
		return w;
	}

	/** D(x, sigma) of two images at sigma 0.3 and 0.05. */
	private static float[] run(final NetworkArchitecture a, final NetworkWeights weights, final float[] x, final int size) {
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, size, size, 1)));
			final Map<String, Variable<TFloat32>> created = new LinkedHashMap<>();
			final Operand<TFloat32> d = DenoiserNetwork.denoiser(tf, a, weights.asVariables(tf, created), in, tf.constant(new float[] { 0.3f,
				0.05f }));
			try (Session s = new Session(g); TFloat32 t = TFloat32.tensorOf(Shape.of(2, size, size, 1), DataBuffers.of(x, true, false))) {
				s.initialize();
				try (Result result = s.runner().feed(in, t).fetch(d).run()) {
					final float[] out = new float[x.length];
					((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
					return out;
				}
			}
		}
	}
}
