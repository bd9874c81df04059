package org.almc.restore;

import org.almc.core.sampler.AlmcSampler;

/** Quality presets: how many noise levels (network evaluations per chain) the sampler spends. */
public enum Quality {

	FAST(100, 10), BALANCED(250, 20), ACCURATE(600, 50);

	private final int levels;
	private final int finalSteps;

	Quality(final int levels, final int finalSteps) {
		this.levels = levels;
		this.finalSteps = finalSteps;
	}

	/** Parses "fast", "balanced" or "accurate" (any case), with a clear error otherwise. */
	public static Quality parse(final String name) throws RestorationException {
		for (final Quality q : values()) {
			if (q.name().equalsIgnoreCase(name == null ? "" : name.trim())) return q;
		}
		throw new RestorationException("Unknown quality preset '" + name + "': use fast, balanced or accurate");
	}

	/**
	 * The sampler settings of this preset, with its noise range clipped to the model's and an optional
	 * override of the number of levels ({@code steps > 0}).
	 */
	public AlmcSampler.Settings settings(final double modelSigmaMin, final double modelSigmaMax, final int steps) {
		final AlmcSampler.Settings d = AlmcSampler.Settings.defaults();
		final double sigmaMax = Math.min(d.sigmaMax(), modelSigmaMax);
		final double sigmaMin = Math.max(d.sigmaMin(), modelSigmaMin);
		final int n = steps > 0 ? steps : levels;
		return d.withSigmaRange(sigmaMax, sigmaMin).withPreconditioning(true).withLevels(Math.max(2, n), 1).withFinalSteps(steps > 0 ? Math.max(1, n / 20) : finalSteps);
	}

	public String label() {
		return name().toLowerCase();
	}
}
