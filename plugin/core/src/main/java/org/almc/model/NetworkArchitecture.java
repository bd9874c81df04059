package org.almc.model;

/**
 * The shape of the noise-conditioned U-Net denoiser, as recorded in {@code model.json}.
 * <p>
 * One level per entry of {@link #channels} (full, half, quarter resolution, ...): a stride-2 convolution
 * down and a pixel-shuffle upsampling up between neighbouring levels, one residual block per level on the
 * way down, two at the bottom, one per level on the way up, skip connections by concatenation; every
 * residual block receives a per-channel bias computed from an embedding of
 * {@code c_noise(sigma) = ln(sigma) / 4}. The bundled priors have three levels; a fourth doubles the
 * receptive field for about a tenth more arithmetic per pixel at these widths.
 */
public final class NetworkArchitecture {

	/** The fewest and the most levels the network builds. */
	public static final int MIN_LEVELS = 2, MAX_LEVELS = 5;

	/** Channels per level: at full, half, quarter resolution, ... */
	public int[] channels = { 32, 48, 64 };
	/** Width of the noise-level embedding. */
	public int embeddingWidth = 64;
	/** Number of sine/cosine frequencies of the noise-level features. */
	public int noiseFrequencies = 8;
	/** The data standard deviation {@code sigma_data} of the EDM preconditioning. */
	public float sigmaData = 0.2f;

	/** Number of resolution levels. */
	public int levels() {
		return channels.length;
	}

	/** Input height and width must be multiples of this (one stride-2 downsampling per level below the first). */
	public int sizeMultiple() {
		return 1 << (levels() - 1);
	}

	/**
	 * Receptive field in pixels (one side), by adding up the 3x3 convolutions at each scale: at full
	 * resolution the input conv, the level's down block (2), the down conv and the up block (2) and the
	 * output conv (7); at each inner level its down block, down conv and up block (5); at the bottom the two
	 * blocks (4). A convolution at level {@code k} widens the field by {@code 2 * 2^k} pixels. Three levels:
	 * 67 pixels; four: 139.
	 */
	public int receptiveField() {
		int convsAtFullResolution = 7;
		for (int k = 1; k < levels() - 1; k++) convsAtFullResolution += 5 << k;
		convsAtFullResolution += 4 << (levels() - 1);
		return 1 + 2 * convsAtFullResolution;
	}

	/** Throws where the shape cannot be built (too few or too many levels, non-positive widths). */
	public void validate() {
		if (channels == null || channels.length < MIN_LEVELS || channels.length > MAX_LEVELS) {
			throw new IllegalArgumentException("The U-Net has " + MIN_LEVELS + " to " + MAX_LEVELS + " levels: expected as many channel counts, got " +
				(channels == null ? "none" : channels.length));
		}
		for (final int c : channels) {
			if (c < 1) throw new IllegalArgumentException("Channel counts must be positive, got " + c);
		}
		if (!(sigmaData > 0)) throw new IllegalArgumentException("sigmaData must be > 0, got " + sigmaData);
	}
}
