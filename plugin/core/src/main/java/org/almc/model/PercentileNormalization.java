package org.almc.model;

import java.util.Arrays;

/**
 * CARE-style percentile normalization: the {@code low} percentile of an image maps to 0 and the
 * {@code high} percentile to 1, {@code x' = (x - p_low) / (p_high - p_low)}. The percentiles are a
 * model's convention (in {@code model.json}); the values are computed on each input image.
 */
public final class PercentileNormalization {

	/** Percentile (0..100) that maps to 0. */
	public final double lowPercentile;
	/** Percentile (0..100) that maps to 1. */
	public final double highPercentile;

	public PercentileNormalization(final double lowPercentile, final double highPercentile) {
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
			throw new IllegalArgumentException("Percentiles must satisfy 0 <= low < high <= 100, got " +
				lowPercentile + " and " + highPercentile);
		}
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
	}

	/** The affine map {@code x -> (x - offset) / scale} fitted to one image. */
	public static final class Fit {

		public final double offset;
		public final double scale;

		public Fit(final double offset, final double scale) {
			this.offset = offset;
			this.scale = scale;
		}

		public float normalize(final float v) {
			return (float) ((v - offset) / scale);
		}

		public float denormalize(final float v) {
			return (float) (v * scale + offset);
		}

		public float[] normalize(final float[] values) {
			final float[] out = new float[values.length];
			for (int i = 0; i < out.length; i++) out[i] = normalize(values[i]);
			return out;
		}

		public float[] denormalize(final float[] values) {
			final float[] out = new float[values.length];
			for (int i = 0; i < out.length; i++) out[i] = denormalize(values[i]);
			return out;
		}
	}

	/** Fits the map to {@code values}; a constant image gets scale 1 so nothing divides by zero. */
	public Fit fit(final float[] values) {
		if (values.length == 0) throw new IllegalArgumentException("Cannot normalize an empty image");
		final float[] sorted = values.clone();
		Arrays.sort(sorted);
		final double low = percentile(sorted, lowPercentile);
		final double high = percentile(sorted, highPercentile);
		return new Fit(low, high > low ? high - low : 1);
	}

	/** Linear interpolation between closest ranks of an ascending array. */
	static double percentile(final float[] sorted, final double p) {
		final double rank = p / 100 * (sorted.length - 1);
		final int lo = (int) Math.floor(rank);
		final int hi = Math.min(lo + 1, sorted.length - 1);
		return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
	}
}
