package org.almc.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.almc.model.NetworkArchitecture;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the graph of the noise-conditioned denoiser {@code D(x, sigma)} with the EDM
 * preconditioning (Karras et al. 2022):
 * <pre>
 * D(x, sigma) = c_skip(sigma) x + c_out(sigma) F(c_in(sigma) x, c_noise(sigma))
 * c_skip = sigma_data^2 / (sigma^2 + sigma_data^2)
 * c_out  = sigma sigma_data / sqrt(sigma^2 + sigma_data^2)
 * c_in   = 1 / sqrt(sigma^2 + sigma_data^2)
 * c_noise = ln(sigma) / 4
 * </pre>
 * where {@code F} is a small U-Net ({@link NetworkArchitecture}). Tensors are NHWC with one
 * channel: {@code x} is {@code [N, H, W, 1]}, {@code sigma} is {@code [N]} (one level per item).
 * The same code builds the training graph and the serving graph; only the source of the weights
 * ({@link Parameters}) differs.
 */
public final class DenoiserNetwork {

	/** Provides the weight tensors of the network, by flat name (no '/': optimizers need root names). */
	public interface Parameters {

		/**
		 * @param name flat parameter name
		 * @param shape its shape
		 * @param fanIn number of inputs feeding each output (for initialization), 0 for a bias
		 * @param initScale multiplier of the He initialization (0: zeros)
		 */
		Operand<TFloat32> get(String name, long[] shape, int fanIn, float initScale);
	}

	private final Ops tf;
	private final Parameters parameters;

	private DenoiserNetwork(final Ops tf, final Parameters parameters) {
		this.tf = tf;
		this.parameters = parameters;
	}

	/** Returns {@code D(x, sigma)}, same shape as {@code x}. */
	public static Operand<TFloat32> denoiser(final Ops tf, final NetworkArchitecture architecture,
		final Parameters parameters, final Operand<TFloat32> x, final Operand<TFloat32> sigma)
	{
		architecture.validate();
		return new DenoiserNetwork(tf, parameters).build(architecture, x, sigma);
	}

	private Operand<TFloat32> build(final NetworkArchitecture a, final Operand<TFloat32> x,
		final Operand<TFloat32> sigma)
	{
		final float sigmaData = a.sigmaData;
		final Operand<TFloat32> s = tf.reshape(sigma, tf.constant(new int[] { -1, 1, 1, 1 }));
		final Operand<TFloat32> total = tf.math.add(tf.math.square(s), tf.constant(sigmaData * sigmaData));
		final Operand<TFloat32> invNorm = tf.math.rsqrt(total);
		final Operand<TFloat32> cSkip = tf.math.div(tf.constant(sigmaData * sigmaData), total);
		final Operand<TFloat32> cOut = tf.math.mul(tf.math.mul(s, tf.constant(sigmaData)), invNorm);
		final Operand<TFloat32> cIn = invNorm;

		final Operand<TFloat32> emb = noiseEmbedding(a, sigma);
		final int[] c = a.channels;
		final int levels = c.length;

		// parameter names: down<k>, pool<k> (level k to k + 1), mid1, mid2, unpool<k> (level k + 1 to k), up<k>
		Operand<TFloat32> h = conv(tf.math.mul(x, cIn), "in", 1, c[0], 3, 1, 1f);
		final List<Operand<TFloat32>> skips = new ArrayList<>();
		for (int k = 1; k < levels; k++) {
			final Operand<TFloat32> skip = residualBlock(h, "down" + k, c[k - 1], c[k - 1], emb, a.embeddingWidth);
			skips.add(skip);
			h = conv(skip, "pool" + k, c[k - 1], c[k], 3, 2, 1f);
		}
		h = residualBlock(h, "mid1", c[levels - 1], c[levels - 1], emb, a.embeddingWidth);
		h = residualBlock(h, "mid2", c[levels - 1], c[levels - 1], emb, a.embeddingWidth);
		for (int k = levels - 1; k >= 1; k--) {
			h = upsample(h, "unpool" + k, c[k], c[k - 1]);
			h = tf.concat(Arrays.asList(h, skips.get(k - 1)), tf.constant(3));
			h = residualBlock(h, "up" + k, 2 * c[k - 1], c[k - 1], emb, a.embeddingWidth);
		}
		final Operand<TFloat32> f = conv(silu(h), "out", c[0], 1, 3, 1, 0.1f);

		return tf.math.add(tf.math.mul(cSkip, x), tf.math.mul(cOut, f));
	}

	/** Sine/cosine features of {@code c_noise = ln(sigma)/4} at log-spaced frequencies, then a 2-layer MLP. */
	private Operand<TFloat32> noiseEmbedding(final NetworkArchitecture a, final Operand<TFloat32> sigma) {
		final int k = a.noiseFrequencies;
		final float[][] frequencies = new float[1][k];
		for (int i = 0; i < k; i++) frequencies[0][i] = (float) (Math.PI * Math.pow(2, i * 5.0 / Math.max(1, k - 1)));
		final Operand<TFloat32> cNoise = tf.math.div(
			tf.reshape(tf.math.log(sigma), tf.constant(new int[] { -1, 1 })), tf.constant(4f));
		final Operand<TFloat32> phase = tf.math.mul(cNoise, tf.constant(frequencies));
		final Operand<TFloat32> features = tf.concat(Arrays.asList(tf.math.sin(phase), tf.math.cos(phase)),
			tf.constant(1));
		Operand<TFloat32> e = dense(features, "emb1", 2 * k, a.embeddingWidth);
		e = silu(e);
		e = dense(e, "emb2", a.embeddingWidth, a.embeddingWidth);
		return silu(e);
	}

	/** {@code h + conv(silu(conv(silu(h)) + bias(emb)))}, with a 1x1 convolution on the skip when widths differ. */
	private Operand<TFloat32> residualBlock(final Operand<TFloat32> h, final String name, final int in,
		final int out, final Operand<TFloat32> emb, final int embeddingWidth)
	{
		Operand<TFloat32> r = conv(silu(h), name + "_conv1", in, out, 3, 1, 1f);
		final Operand<TFloat32> noiseBias = tf.reshape(dense(emb, name + "_emb", embeddingWidth, out),
			tf.constant(new int[] { -1, 1, 1, out }));
		r = tf.math.add(r, noiseBias);
		r = conv(silu(r), name + "_conv2", out, out, 3, 1, 0.5f);
		final Operand<TFloat32> skip = in == out ? h : conv(h, name + "_skip", in, out, 1, 1, 1f);
		return tf.math.add(skip, r);
	}

	/** 1x1 convolution to {@code 4 out} channels, then pixel shuffle (DepthToSpace) to twice the size. */
	private Operand<TFloat32> upsample(final Operand<TFloat32> h, final String name, final int in, final int out) {
		return tf.nn.depthToSpace(conv(h, name, in, 4 * out, 1, 1, 1f), 2L);
	}

	private Operand<TFloat32> conv(final Operand<TFloat32> h, final String name, final int in, final int out,
		final int size, final int stride, final float initScale)
	{
		final Operand<TFloat32> w = parameters.get(name + "_w", new long[] { size, size, in, out }, size * size * in,
			initScale);
		final Operand<TFloat32> b = parameters.get(name + "_b", new long[] { out }, 0, 0f);
		return tf.nn.biasAdd(tf.nn.conv2d(h, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME"), b);
	}

	private Operand<TFloat32> dense(final Operand<TFloat32> h, final String name, final int in, final int out) {
		final Operand<TFloat32> w = parameters.get(name + "_w", new long[] { in, out }, in, 1f);
		final Operand<TFloat32> b = parameters.get(name + "_b", new long[] { out }, 0, 0f);
		return tf.math.add(tf.linalg.matMul(h, w), b);
	}

	/** {@code silu(h) = h sigmoid(h)}. */
	private Operand<TFloat32> silu(final Operand<TFloat32> h) {
		return tf.math.mul(h, tf.math.sigmoid(h));
	}
}
