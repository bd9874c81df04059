package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.almc.model.NetworkArchitecture;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The U-Net at any depth: its stated receptive field is the one the graph has, and shapes it cannot take fail. */
class DenoiserNetworkTest {

	@Test
	void receptiveFieldFormula() {
		assertEquals(67, architecture(32, 48, 64).receptiveField(), "the bundled priors' shape");
		assertEquals(139, architecture(32, 48, 96, 128).receptiveField());
		assertEquals(4, architecture(32, 48, 64).sizeMultiple());
		assertEquals(8, architecture(32, 48, 96, 128).sizeMultiple());
		assertThrows(IllegalArgumentException.class, () -> architecture(32).validate());
		assertThrows(IllegalArgumentException.class, () -> architecture(8, 8, 8, 8, 8, 8).validate());
	}

	/**
	 * A change at one pixel moves the output over as many pixels as the stated receptive field, give or take
	 * the rounding of the strided levels, and never more (random weights, so every path carries signal).
	 */
	@Test
	void graphHasTheStatedReceptiveField() {
		for (final NetworkArchitecture a : new NetworkArchitecture[] { architecture(4, 6, 8), architecture(4, 6, 8, 8) }) {
			final int field = a.receptiveField();
			// wide enough that the field never meets the border; a multiple of the size multiple; the marked
			// pixel on the grid of the coarsest level, where stride-2 fields are symmetric
			final int size = (field + 24 + a.sizeMultiple() - 1) / a.sizeMultiple() * a.sizeMultiple();
			final int centre = size / 2 / a.sizeMultiple() * a.sizeMultiple();
			final float[] base = new float[size * size];
			final java.util.Random random = new java.util.Random(3);
			for (int i = 0; i < base.length; i++) base[i] = (float) random.nextGaussian();
			final float[] changed = base.clone();
			changed[centre * size + centre] += 5;
			final float[][] out = run(a, size, base, changed);
			int left = Integer.MAX_VALUE, right = Integer.MIN_VALUE;
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					if (out[0][y * size + x] != out[1][y * size + x]) {
						left = Math.min(left, Math.min(x, y) - centre);
						right = Math.max(right, Math.max(x, y) - centre);
					}
				}
			}
			// stride-2 convolutions and pixel shuffles make the field a little lopsided: count its width
			final int width = right - left + 1;
			assertTrue(width <= field, a.levels() + " levels: output moved at offsets " + left + ".." + right + ", wider than the stated field of " +
				field);
			assertTrue(width >= field - a.sizeMultiple(), a.levels() + " levels: output moved only at offsets " + left + ".." + right +
				", well inside the stated field of " + field);
		}
	}

	private static NetworkArchitecture architecture(final int... channels) {
		final NetworkArchitecture a = new NetworkArchitecture();
		a.channels = channels;
		a.embeddingWidth = 8;
		return a;
	}

	/**
	 * D(x, 0.5) of two images through one graph with seeded random weights, one run each: a batch of two may be
	 * computed with another summation order for its second image (oneDNN on an AMD EPYC without AMX), which moves
	 * the output by rounding far outside the field.
	 */
	private static float[][] run(final NetworkArchitecture a, final int size, final float[] first, final float[] second) {
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, size, size, 1)));
			final Operand<TFloat32> sigma = tf.constant(new float[] { 0.5f });
			final Map<String, Variable<TFloat32>> created = new LinkedHashMap<>();
			final Operand<TFloat32> d = DenoiserNetwork.denoiser(tf, a, NetworkWeights.randomVariables(tf, 11, created), x, sigma);
			try (Session s = new Session(g)) {
				s.initialize();
				final float[][] out = new float[2][];
				int k = 0;
				for (final float[] image : new float[][] { first, second }) {
					try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, size, size, 1), DataBuffers.of(image, true, false));
						Tensor result = s.runner().feed(x, in).fetch(d).run().get(0))
					{
						out[k] = new float[image.length];
						((TFloat32) result).copyTo(DataBuffers.of(out[k], false, false));
						k++;
					}
				}
				return out;
			}
		}
	}
}
