package org.almc.restore;

/**
 * The generalized Anscombe transform of camera data ({@code y = offset + gain Poisson(n) + N(0, readNoise^2)},
 * in ADU), which makes its noise nearly Gaussian with unit variance at every intensity:
 * {@code a = 2 sqrt(max(n + 3/8 + r^2, 0))} with {@code n = (y - offset) / gain} and {@code r = readNoise / gain}
 * (Murtagh, Starck and Bijaoui 1995; the read noise taken as Poisson counts of the same variance). A Gaussian
 * denoiser then sees the noise it was trained for everywhere, where one level per image over-smooths the dim
 * parts and leaves the bright ones noisy. The way back is Makitalo and Foi's closed-form approximation of the
 * exact unbiased inverse (IEEE TIP 2011), which undoes the bias of the square root at low counts.
 *
 * @param gain ADU per photoelectron, positive
 * @param offset ADU of zero signal
 * @param readNoise ADU, standard deviation, zero or positive
 */
public record AnscombeTransform(double gain, double offset, double readNoise) {

	private static final double SQRT_3_2 = Math.sqrt(1.5);
	/** The transform of a zero count without read noise. */
	private static final double ZERO_COUNT = 2 * Math.sqrt(0.375);

	public AnscombeTransform {
		if (!(gain > 0) || !Double.isFinite(gain)) throw new IllegalArgumentException("The camera gain must be positive, got " + gain);
		if (!(readNoise >= 0) || !Double.isFinite(readNoise)) {
			throw new IllegalArgumentException("The read noise must be zero or positive, got " + readNoise);
		}
		if (!Double.isFinite(offset)) throw new IllegalArgumentException("The camera offset must be a number, got " + offset);
	}

	/** The read noise's variance in photoelectrons squared. */
	private double readVariance() {
		final double r = readNoise / gain;
		return r * r;
	}

	/** The stabilized value of one raw value: unit noise standard deviation. */
	public double forward(final double raw) {
		return 2 * Math.sqrt(Math.max((raw - offset) / gain + 0.375 + readVariance(), 0));
	}

	/**
	 * The raw value whose stabilized expectation is {@code a} (the unbiased inverse), clamped at
	 * {@link #offset} (no negative photon counts).
	 */
	public double inverse(final double a) {
		return offset + gain * Math.max(0, poissonInverse(a) - readVariance());
	}

	/** {@link #forward(double)} of every value. */
	public float[] forward(final float[] raw) {
		final float[] out = new float[raw.length];
		for (int i = 0; i < raw.length; i++) out[i] = (float) forward(raw[i]);
		return out;
	}

	/** {@link #inverse(double)} of every value. */
	public float[] inverse(final float[] stabilized) {
		final float[] out = new float[stabilized.length];
		for (int i = 0; i < stabilized.length; i++) out[i] = (float) inverse(stabilized[i]);
		return out;
	}

	/**
	 * How fast raw values change with the stabilized value at {@code a}: the algebraic inverse's slope
	 * {@code gain a / 2}, taken at least at the stabilized value of the offset (where the noise is the read
	 * noise alone). It maps a standard deviation in stabilized units to raw units.
	 */
	public double inverseSlope(final double a) {
		return gain * Math.max(a, forward(offset)) / 2;
	}

	/**
	 * Makitalo and Foi's closed form: the count whose Anscombe transform {@code 2 sqrt(n + 3/8)} has
	 * expectation {@code a}; 0 at and below the expectation of a zero count, {@code 2 sqrt(3/8)}, where the
	 * closed form reaches 0.
	 */
	static double poissonInverse(final double a) {
		if (!(a > ZERO_COUNT)) return 0;
		final double a2 = a * a;
		return Math.max(0, a2 / 4 + 0.25 * SQRT_3_2 / a - 11.0 / 8 / a2 + 5.0 / 8 * SQRT_3_2 / (a2 * a) - 0.125);
	}
}
