package org.almc.train;

/** A progress report of a training run. */
public final class TrainingProgress {

	public final long step;
	public final long totalSteps;
	/** Mean EDM-weighted training loss since the previous report. */
	public final double loss;
	public final double stepsPerSecond;
	public final double etaSeconds;

	public TrainingProgress(final long step, final long totalSteps, final double loss, final double stepsPerSecond,
		final double etaSeconds)
	{
		this.step = step;
		this.totalSteps = totalSteps;
		this.loss = loss;
		this.stepsPerSecond = stepsPerSecond;
		this.etaSeconds = etaSeconds;
	}

	@Override
	public String toString() {
		final long eta = Math.round(etaSeconds);
		return String.format("step %d/%d  loss %.5f  %.2f steps/s  ETA %d:%02d:%02d", step, totalSteps, loss,
			stepsPerSecond, eta / 3600, eta / 60 % 60, eta % 60);
	}
}
