package org.almc.core;

import java.util.Optional;

import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseEstimator.NoiseCorrelation;
import org.almc.core.noise.NoiseModel;
import org.almc.core.operator.CosineFilter;

/**
 * A plane measured as {@code y = x + n} with Gaussian noise {@code n} of per-pixel standard deviation
 * {@code sigma} that is correlated between neighbouring pixels ({@link NoiseCorrelation}): covariance
 * {@code sigma^2 R}, {@code R} diagonal in the DCT-II basis with mirror boundaries
 * ({@link NoiseCorrelation#spectrum}). It is sampled through the filter that whitens the noise,
 * {@code W = R^(-1/2)}: {@code W y = W x + white noise of sigma}, a {@link MeasurementModel} with the
 * {@link CosineFilter} {@code W} as its operator.
 * <p>
 * Given a noised image {@code u = x + s Z} (Z white) in place of {@code x}, the rest of the noise,
 * {@code y - u}, has the spectrum {@code sigma^2 S_f - s^2}: {@link NoiseModel#givenNoisedImage}'s
 * per-pixel rule per frequency, kept at {@link NoiseModel#KEPT_VARIANCE} of {@code sigma^2 S_f} at least
 * where the noised image's noise exceeds the measurement's at that frequency. {@link #givenNoisedImage}
 * whitens that. (The white measurement model through {@code W} can only keep the whole noise there, which
 * weakens the data: on a real frame of the FMD dataset it lost 0.4 dB more.)
 */
public final class CorrelatedNoiseMeasurement implements Likelihood {

	private final ImageShape shape;
	private final double sigma;
	private final float[] spectrum;
	private final float[] data;
	private final boolean[] valid;
	/** The likelihood of the clean image: the measurement whitened by {@code R^(-1/2)}. */
	private final MeasurementModel clean;

	/**
	 * @param shape the plane (2D)
	 * @param sigma the noise's per-pixel standard deviation (units of the data)
	 * @param correlation the noise's correlation between neighbouring pixels
	 * @param data the measurement {@code y}; not copied and must not change while in use
	 * @param valid pixels of {@code y} that enter the likelihood, or null for all
	 */
	public CorrelatedNoiseMeasurement(final ImageShape shape, final double sigma, final NoiseCorrelation correlation, final float[] data,
		final boolean[] valid)
	{
		if (!(sigma > 0)) throw new IllegalArgumentException("The noise's standard deviation must be > 0, got " + sigma);
		this.shape = shape;
		this.sigma = sigma;
		this.spectrum = correlation.spectrum(shape);
		this.data = data;
		this.valid = valid == null ? null : eroded(valid, shape);
		final float[] whitening = new float[spectrum.length];
		for (int f = 0; f < whitening.length; f++) whitening[f] = (float) (1 / Math.sqrt(spectrum[f]));
		this.clean = whitened(whitening, 1);
	}

	private CorrelatedNoiseMeasurement(final CorrelatedNoiseMeasurement other) {
		this.shape = other.shape;
		this.sigma = other.sigma;
		this.spectrum = other.spectrum;
		this.data = other.data;
		this.valid = other.valid;
		this.clean = other.clean.copy();
	}

	/** {@code W (scale y) = W (scale x) + N(0, (scale sigma)^2)} for the whitening filter {@code W}. */
	private MeasurementModel whitened(final float[] whitening, final double scale) {
		final CosineFilter w = new CosineFilter(shape, whitening);
		final float[] scaled = new float[data.length];
		for (int i = 0; i < scaled.length; i++) scaled[i] = (float) (scale * data[i]);
		final float[] wy = new float[data.length];
		w.apply(scaled, wy);
		return new MeasurementModel(w, new GaussianNoise(scale * sigma), wy, valid);
	}

	/**
	 * The pixels of {@code W y} that only valid pixels of {@code y} enter notably ({@code W}'s kernel is
	 * concentrated on the 3 x 3 neighbourhood): {@code valid} eroded by one pixel.
	 */
	static boolean[] eroded(final boolean[] valid, final ImageShape plane) {
		final int w = plane.dim(0), h = plane.dim(1);
		final boolean[] out = valid.clone();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (valid[x + w * y]) continue;
				for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
					for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) out[xx + w * yy] = false;
				}
			}
		}
		return out;
	}

	@Override
	public ImageShape shape() {
		return shape;
	}

	@Override
	public double value(final float[] x) {
		return clean.value(x);
	}

	@Override
	public void gradient(final float[] x, final float[] out) {
		clean.gradient(x, out);
	}

	@Override
	public void gradients(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		clean.gradients(x1, x2, out1, out2);
	}

	@Override
	public double lipschitz() {
		return clean.lipschitz();
	}

	@Override
	public Optional<WarmStart> exactWarmStart(final double priorMean, final double priorVariance) {
		return clean.exactWarmStart(priorMean, priorVariance);
	}

	@Override
	public Optional<PixelMoments> cleanMoments() {
		return clean.cleanMoments();
	}

	@Override
	public Optional<float[]> curvatureSpectrum() {
		return clean.curvatureSpectrum();
	}

	/**
	 * {@code y} given {@code u = x + s Z}: the remaining noise's spectrum {@code max(sigma^2 S_f - s^2,
	 * KEPT_VARIANCE sigma^2 S_f)}, whitened, for the state {@code e^{-t} u}.
	 */
	@Override
	public Optional<Likelihood> givenNoisedImage(final double s) {
		final double scale = Math.exp(-NoiseLevels.time(s)), s2 = s * s, v = sigma * sigma;
		final float[] whitening = new float[spectrum.length];
		for (int f = 0; f < whitening.length; f++) {
			final double rest = Math.max(v * spectrum[f] - s2, NoiseModel.KEPT_VARIANCE * v * spectrum[f]);
			whitening[f] = (float) Math.sqrt(v / rest);
		}
		return Optional.of(whitened(whitening, scale));
	}

	/** The noise's per-pixel standard deviation. */
	@Override
	public double noisedImageLimit() {
		return sigma;
	}

	@Override
	public Likelihood copy() {
		return new CorrelatedNoiseMeasurement(this);
	}
}
