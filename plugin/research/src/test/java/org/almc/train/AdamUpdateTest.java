package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
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
 * The graph's Adam steps equal Adam computed by hand in double precision, bias correction included, with the learning
 * rate fed per step (a schedule).
 */
class AdamUpdateTest {

	@Test
	void stepsMatchTheTextbookUpdate() {
		final float[] start = { 0.5f, -1.0f, 2.0f, 0.0f, 3.0f, -0.25f };
		final float[] target = { 1.0f, 1.0f, -1.0f, 0.5f, 0.0f, 0.0f };
		final int steps = 5;
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Variable<TFloat32> w = tf.withName("w").variable(tf.withInitScope().constant(Shape.of(2, 3), DataBuffers.of(
				start, true, false)));
			final Operand<TFloat32> loss = tf.math.mul(tf.constant(0.5f), tf.reduceSum(tf.math.square(tf.math.sub(w, tf
				.constant(Shape.of(2, 3), DataBuffers.of(target, true, false)))), tf.constant(new int[] { 0, 1 })));
			final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
			weights.put("w", w);
			final Placeholder<TFloat32> rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			final Op step = AdamUpdate.minimize(tf, loss, weights, rate);
			try (Session s = new Session(g)) {
				s.initialize();
				final double[] x = new double[start.length], m = new double[start.length], v = new double[start.length];
				for (int i = 0; i < x.length; i++) x[i] = start[i];
				for (int t = 1; t <= steps; t++) {
					final float lr = 0.05f / t;
					try (TFloat32 fed = TFloat32.scalarOf(lr)) {
						s.runner().feed(rate, fed).addTarget(step).run();
					}
					final double correction = Math.sqrt(1 - Math.pow(AdamUpdate.BETA2, t)) / (1 - Math.pow(AdamUpdate.BETA1, t));
					for (int i = 0; i < x.length; i++) {
						final double grad = x[i] - target[i];
						m[i] = AdamUpdate.BETA1 * m[i] + (1 - AdamUpdate.BETA1) * grad;
						v[i] = AdamUpdate.BETA2 * v[i] + (1 - AdamUpdate.BETA2) * grad * grad;
						x[i] -= lr * correction * m[i] / (Math.sqrt(v[i]) + AdamUpdate.EPSILON);
					}
					try (Result r = s.runner().fetch(w).run()) {
						final float[] got = new float[x.length];
						((TFloat32) r.get(0)).copyTo(DataBuffers.of(got, false, false));
						for (int i = 0; i < x.length; i++) assertEquals(x[i], got[i], 1e-5, "step " + t + ", weight " + i);
					}
				}
			}
		}
	}
}
