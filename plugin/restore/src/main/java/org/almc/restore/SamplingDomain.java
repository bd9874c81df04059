package org.almc.restore;

import org.almc.core.ImageShape;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseModel;
import org.almc.model.PercentileNormalization;

/**
 * Where the sampler works on one channel, and the way back to raw intensities.
 * <ul>
 * <li>Camera noise without a blur: the variance-stabilized data ({@link AnscombeTransform}), whose noise
 * is Gaussian of unit variance at every intensity, normalized as the stabilized one pass does it
 * ({@link PriorDenoiser#stabilizedFit}). With one stopping level for the whole image, the camera's own
 * likelihood had to stop at the median noise and read pixels whose noise is weaker as if noisier
 * (denoising at 1000 photons: 40.82 against 41.36 dB stabilized, coverage90 0.90 against 0.95; see the
 * README's practical choices). The mean comes back through the unbiased inverse, a standard deviation
 * through the inverse's slope.</li>
 * <li>Otherwise (a blur mixes pixels of different noise; Gaussian noise): the data normalized by the
 * pipeline's fit, with the noise model in those units.</li>
 * </ul>
 */
public final class SamplingDomain {

	private final NoiseSpec noise;
	private final PercentileNormalization.Fit fit;
	/** The normalization of the sampled values: {@link #fit}, or the stabilized data's. */
	private final PercentileNormalization.Fit sampled;
	/** Null where the data are sampled as they are. */
	private final AnscombeTransform stabilizer;

	private SamplingDomain(final NoiseSpec noise, final PercentileNormalization.Fit fit, final AnscombeTransform stabilizer) {
		this.noise = noise;
		this.fit = fit;
		this.stabilizer = stabilizer;
		this.sampled = stabilizer == null ? fit : PriorDenoiser.stabilizedFit(fit, stabilizer);
	}

	/**
	 * @param noise the channel's noise (resolved where it was estimated)
	 * @param fit the pipeline's normalization of the channel ({@link PriorDenoiser#fit})
	 * @param blurred whether the measurement is blurred (a PSF is given)
	 */
	public static SamplingDomain of(final NoiseSpec noise, final PercentileNormalization.Fit fit, final boolean blurred) {
		return new SamplingDomain(noise, fit, blurred ? null : noise.stabilizer().orElse(null));
	}

	/** Whether the data are sampled variance-stabilized. */
	public boolean isStabilized() {
		return stabilizer != null;
	}

	/** The noise model of the sampled values, for a plane of raw data (estimates read it). */
	public NoiseModel noiseModel(final float[] rawPlane, final ImageShape plane) throws RestorationException {
		return stabilizer == null ? noise.normalized(fit, rawPlane, plane) : new GaussianNoise(1 / sampled.scale);
	}

	/** Raw values to the sampled ones. */
	public float[] toSampled(final float[] raw) {
		return sampled.normalize(stabilizer == null ? raw : stabilizer.forward(raw));
	}

	/** Sampled values (a mean or a sample) back to raw ones. */
	public float[] toRaw(final float[] values) {
		final float[] raw = sampled.denormalize(values);
		return stabilizer == null ? raw : stabilizer.inverse(raw);
	}

	/** The factor that takes a standard deviation of sampled values at {@code sampledMean} to raw units. */
	public double stdScale(final float sampledMean) {
		return sampled.scale * (stabilizer == null ? 1 : stabilizer.inverseSlope(sampled.denormalize(sampledMean)));
	}
}
