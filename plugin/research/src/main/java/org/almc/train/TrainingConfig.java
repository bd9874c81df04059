package org.almc.train;

import org.almc.model.NetworkArchitecture;

/** Settings of one denoiser training run; all recorded in the model's metadata. */
public final class TrainingConfig {

	public NetworkArchitecture architecture = new NetworkArchitecture();
	public long steps = 12000;
	public int batchSize = 16;
	public int patchSize = 64;
	public float learningRate = 5e-4f;
	/**
	 * With {@code annealFrom < annealTo}, the learning rate falls from {@link #learningRate} at step {@code annealFrom} to
	 * {@link #annealLearningRate} at step {@code annealTo} along a half cosine, and stays there ({@link #learningRateAt}).
	 * A function of the step alone, so a resumed run takes the same steps. Default: never (a constant rate, as the bundled
	 * priors were trained until the end).
	 */
	public long annealFrom = Long.MAX_VALUE;
	public long annealTo = Long.MAX_VALUE;
	public float annealLearningRate = Float.NaN;
	public long seed = 42;
	/** Training noise levels are log-uniform in {@code [sigmaMin, sigmaMax]} (normalized intensities). */
	public double sigmaMin = 0.003;
	public double sigmaMax = 60;
	/**
	 * With a finite spread, {@code ln sigma} is normal of mean {@link #sigmaLogMean} and standard deviation
	 * {@code sigmaLogSpread}, truncated to {@code [sigmaMin, sigmaMax]} (EDM's training distribution, which spends
	 * the samples on the middle levels); NaN (the default, and how the bundled priors were trained): log-uniform.
	 */
	public double sigmaLogMean = Double.NaN;
	public double sigmaLogSpread = Double.NaN;
	/**
	 * A patch of an image whose own noise is {@code s} ({@link TrainingImage#ownNoise}) is noised no lower than
	 * {@code noiseFloor x s}: below that the network would learn to keep the image's noise as structure. 0 (the
	 * default, and v1's and v2's training): every patch down to {@link #sigmaMin}.
	 */
	public double noiseFloor = 0;
	/** Exponential moving average of the weights, per step; the EMA weights are exported. */
	public double emaDecay = 0.999;
	public int emaEvery = 10;
	public double phantomFraction = 0.25;
	public double jitterScale = 0.25;
	public double jitterOffset = 0.05;
	/**
	 * Probability that a real image's patch is drawn from a larger square and area-averaged down ({@link PatchSampler});
	 * 0 (the default, and how the bundled priors were trained): never.
	 */
	public double zoomOutFraction = 0;
	/** The largest zoom out: the square's side over the patch's. */
	public double zoomOutMax = 2;
	public long checkpointEvery = 1000;
	public long logEvery = 100;
	public int threads = 2;

	/** The learning rate of the step that moves the weights from {@code step} to {@code step + 1}. */
	public float learningRateAt(final long step) {
		if (!anneals() || step < annealFrom) return learningRate;
		if (step >= annealTo) return annealLearningRate;
		final double t = (double) (step - annealFrom) / (annealTo - annealFrom);
		return (float) (annealLearningRate + (learningRate - annealLearningRate) * 0.5 * (1 + Math.cos(Math.PI * t)));
	}

	/** Whether {@link #learningRateAt} ever differs from {@link #learningRate}. */
	public boolean anneals() {
		return annealFrom < annealTo;
	}

	/** Throws {@link IllegalArgumentException} naming the setting that cannot be trained. */
	public void validate() {
		if (steps < 0 || batchSize < 1 || patchSize < 4 || patchSize % architecture.sizeMultiple() != 0) {
			throw new IllegalArgumentException("Invalid training settings: steps " + steps + ", batch " + batchSize +
				", patch " + patchSize + " (must be a multiple of " + architecture.sizeMultiple() + ")");
		}
		if (!(phantomFraction >= 0 && phantomFraction <= 1)) {
			throw new IllegalArgumentException("The phantom fraction (--phantom-fraction) must be in [0, 1], got " + phantomFraction);
		}
		if (!(noiseFloor >= 0 && noiseFloor < 100)) {
			throw new IllegalArgumentException("The noise floor (--noise-floor) must be in [0, 100), got " + noiseFloor);
		}
		PatchSampler.checkZoomOut(zoomOutFraction, zoomOutMax);
		if (!(learningRate > 0 && Float.isFinite(learningRate))) {
			throw new IllegalArgumentException("The learning rate (--learning-rate) must be a positive number, got " + learningRate);
		}
		// a rate to anneal to with FROM >= TO counts as set: it would otherwise train at a constant rate without a word
		final boolean annealSet = anneals() || !Float.isNaN(annealLearningRate);
		if (annealSet && !(annealFrom >= 0 && annealFrom < annealTo && annealLearningRate >= 0 && annealLearningRate <= learningRate)) {
			throw new IllegalArgumentException("--anneal FROM,TO,RATE needs 0 <= FROM < TO and 0 <= RATE <= --learning-rate (" + learningRate +
				"), got " + annealFrom + ", " + annealTo + ", " + annealLearningRate);
		}
		if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) {
			throw new IllegalArgumentException("The training noise levels need 0 < sigma min < sigma max (--sigma-min, --sigma-max), got " +
				sigmaMin + " and " + sigmaMax);
		}
		if (!Double.isNaN(sigmaLogSpread) && !(sigmaLogSpread > 0 && Double.isFinite(sigmaLogSpread) && Double.isFinite(sigmaLogMean))) {
			throw new IllegalArgumentException("The log-normal noise levels (--sigma-log-normal MEAN,SPREAD) need a finite mean and a spread > 0, got " +
				sigmaLogMean + " and " + sigmaLogSpread);
		}
	}
}
