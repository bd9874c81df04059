package org.almc.tf;

import org.tensorflow.proto.ConfigProto;

/** TensorFlow session settings. */
public final class TensorFlowConfig {

	private TensorFlowConfig() {}

	/**
	 * A session configuration with {@code threads} intra-op threads and one inter-op thread (the
	 * networks here are a chain of layers; intra-op parallelism is what counts).
	 */
	public static ConfigProto threads(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("Thread count must be >= 1, got " + threads);
		return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1).build();
	}
}
