package org.almc.model;

/**
 * The shape of the noise-conditioned U-Net denoiser, as recorded in {@code model.json}.
 * <p>
 * Two downsamplings (stride-2 convolutions) and two pixel-shuffle upsamplings, one residual block
 * per level on the way down, two at the bottom, one per level on the way up, skip connections by
 * concatenation; every residual block receives a per-channel bias computed from an embedding of
 * {@code c_noise(sigma) = ln(sigma) / 4}.
 */
public final class NetworkArchitecture {

	/** Channels at full, half and quarter resolution. */
	public int[] channels = { 32, 48, 64 };
	/** Width of the noise-level embedding. */
	public int embeddingWidth = 64;
	/** Number of sine/cosine frequencies of the noise-level features. */
	public int noiseFrequencies = 8;
	/** The data standard deviation {@code sigma_data} of the EDM preconditioning. */
	public float sigmaData = 0.2f;

	/** Input height and width must be multiples of this (two stride-2 downsamplings). */
	public int sizeMultiple() {
		return 4;
	}

	/**
	 * Receptive field in pixels (one side), by adding up the 3x3 convolutions at each scale: input
	 * conv (1 at full resolution), level 1 block (2), down conv (1), level 2 block (2 at half),
	 * down conv (1 at half), two bottom blocks (4 at quarter), up blocks (2 at half, 2 at full),
	 * output conv (1).
	 */
	public int receptiveField() {
		final int fullResolutionConvs = 1 + 2 + 1 + 2 + 1;
		final int halfResolutionConvs = 2 + 1 + 2;
		final int quarterResolutionConvs = 4;
		return 1 + 2 * (fullResolutionConvs + 2 * halfResolutionConvs + 4 * quarterResolutionConvs);
	}

	/** Throws where the shape cannot be built (too few levels, non-positive widths). */
	public void validate() {
		if (channels == null || channels.length != 3) {
			throw new IllegalArgumentException("The U-Net has three levels: expected 3 channel counts, got " +
				(channels == null ? "none" : channels.length));
		}
		for (final int c : channels) {
			if (c < 1) throw new IllegalArgumentException("Channel counts must be positive, got " + c);
		}
		if (!(sigmaData > 0)) throw new IllegalArgumentException("sigmaData must be > 0, got " + sigmaData);
	}
}
