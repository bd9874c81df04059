package org.almc.core.sampler;

/**
 * How a sampler reports progress and learns of cancellation: progress leaves through
 * {@link #progress}, cancellation comes in through {@link #isCancelled}, polled once per step.
 */
public interface SamplerMonitor {

	/** Called after each step: {@code step} of {@code total} steps are done. */
	void progress(int step, int total);

	/** Whether the caller wants the run stopped. */
	boolean isCancelled();

	/** No progress reporting, never cancelled. */
	SamplerMonitor NONE = new SamplerMonitor() {

		@Override
		public void progress(final int step, final int total) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};
}
