package org.almc.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One Adam step (Kingma and Ba 2015, the "epsilon hat" form of TensorFlow's {@code ApplyAdam}) as a
 * graph target whose result does not depend on the order in which the executor runs its ops.
 * <p>
 * tensorflow-framework's {@code Adam} (1.0.0) orders nothing: each weight's {@code ApplyAdam} may run
 * as soon as its own gradient is ready, while the backward pass still reads that weight for the layers
 * before it, and the {@code beta1_power *= beta1} assignments run beside the {@code ApplyAdam} ops that
 * read the powers. Measured with it: two trainers restored from one checkpoint differed after a single
 * step by 2% of the step (in one run of five), and resumed 20-step runs drifted 0.3-4% apart in the
 * weights. Ordering only the powers was not enough: with updates still racing the backward pass, one
 * step after a restore differed from an uninterrupted run by up to 15 step sizes.
 * Here every update waits for all gradients, the powers are read once before the updates and advanced
 * under a control dependency on all of them, so a step is a pure function of the state and the batch
 * (a resumed run equals an uninterrupted one exactly).
 * <p>
 * The slot variables keep tensorflow-framework's names ({@code <weight>-m}, {@code <weight>-v},
 * {@code beta1_power}, {@code beta2_power}), so checkpoints written with it restore here.
 */
final class AdamUpdate {

	static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

	private AdamUpdate() {}

	/**
	 * Adds the step to the graph of {@code tf} and returns the op to run as a target; the slot
	 * variables are created with their initializers (zero moments, powers {@code beta1}, {@code beta2}).
	 * {@code learningRate} is a scalar (a placeholder fed each step, for a schedule).
	 */
	static Op minimize(final Ops tf, final Operand<TFloat32> loss, final Map<String, Variable<TFloat32>> weights,
		final Operand<TFloat32> learningRate)
	{
		final List<Variable<TFloat32>> vars = new ArrayList<>(weights.values());
		final Gradients gradients = tf.gradients(loss, vars);
		final Variable<TFloat32> beta1Power = tf.withName("beta1_power").variable(tf.withInitScope().constant(BETA1));
		final Variable<TFloat32> beta2Power = tf.withName("beta2_power").variable(tf.withInitScope().constant(BETA2));
		final Operand<TFloat32> lr = learningRate, b1 = tf.constant(BETA1), b2 = tf.constant(BETA2), eps = tf
			.constant(EPSILON);
		// read the powers once, before any update; every ApplyAdam consumes these reads
		final Operand<TFloat32> p1 = tf.identity(beta1Power), p2 = tf.identity(beta2Power);
		// no weight changes before every gradient is computed: the backward pass reads the weights too
		final List<Op> gradientOutputs = new ArrayList<>(gradients.dy());
		final Ops gated = tf.withControlDependencies(gradientOutputs);
		final List<Op> updates = new ArrayList<>();
		int i = 0;
		for (final Map.Entry<String, Variable<TFloat32>> e : weights.entrySet()) {
			final Variable<TFloat32> w = e.getValue();
			final Shape shape = w.shape();
			final Variable<TFloat32> m = tf.withName(e.getKey() + "-m").variable(zeros(tf, shape));
			final Variable<TFloat32> v = tf.withName(e.getKey() + "-v").variable(zeros(tf, shape));
			final Operand<TFloat32> g = gradients.dy(i++);
			updates.add(gated.train.applyAdam(w, m, v, p1, p2, lr, b1, b2, eps, g));
		}
		final Ops after = tf.withControlDependencies(updates);
		final List<Op> powers = List.of(after.assign(beta1Power, after.math.mul(p1, b1)), after.assign(beta2Power, after.math
			.mul(p2, b2)));
		return tf.withControlDependencies(powers).withName("adam_step").noOp();
	}

	private static Operand<TFloat32> zeros(final Ops tf, final Shape shape) {
		return tf.withInitScope().fill(tf.withInitScope().constant(shape.asArray()), tf.withInitScope().constant(0f));
	}
}
