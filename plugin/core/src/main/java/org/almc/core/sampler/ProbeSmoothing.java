package org.almc.core.sampler;

import java.util.Arrays;

import org.almc.core.ImageShape;
import org.almc.core.noise.BoxMean;

/**
 * Smooths the Hutchinson probes' estimate of the conditional variance's diagonal without carrying it across
 * intensity edges. The diagonal depends strongly on the intensity (small on a dim background, large on bright
 * structure), and a few probes estimate it with the noise of all its off-diagonal terms. A plain box mean of
 * the probes lends a dim pixel beside bright structure the structure's variance and the other way round, so
 * the intervals came out too wide on dim backgrounds and too narrow on bright structure even on draws of the
 * prior itself. Here the diagonal's curve over the posterior mean is taken first, from all the pixels at once
 * (bins of equal counts, so with little noise), and only the probes' ratio to that curve is averaged over a
 * small box: a diagonal that is a function of the mean passes unchanged, edges and all.
 */
final class ProbeSmoothing {

	/** Bins of the mean over which the diagonal's curve is taken, at most. */
	static final int CURVE_BINS = 32;
	/** Pixels per bin, at least (fewer bins on small images). */
	static final int MIN_BIN_PIXELS = 256;
	/** The curve's floor, relative to its largest value: the ratio's denominator stays away from zero. */
	static final double RELATIVE_FLOOR = 1e-3;

	private ProbeSmoothing() {}

	/**
	 * The smoothed diagonal: {@code curve(m) x boxmean(probes / curve(m))} over the {@code (2 radius + 1)}-wide box,
	 * {@code curve} the bins' mean probe, linear between the bins' mean intensities and constant beyond them.
	 * Where the curve is nowhere positive (no conditional variance to speak of) it is the plain box mean.
	 *
	 * @param probes the probes' per-pixel mean of the diagonal (unbiased, noisy, possibly negative)
	 * @param mean the posterior mean, whose intensity the curve follows
	 */
	static float[] alongMean(final float[] probes, final float[] mean, final ImageShape shape, final int radius) {
		final int n = probes.length;
		if (mean.length != n || shape.size() != n) throw new IllegalArgumentException("The probes, the mean and the shape differ in size");
		final int bins = Math.max(1, Math.min(CURVE_BINS, n / MIN_BIN_PIXELS));
		final float[] sorted = mean.clone();
		Arrays.sort(sorted);
		// the upper edges of bins of equal counts; a pixel goes to the first bin whose edge is at or above its mean
		final float[] edges = new float[bins];
		for (int k = 0; k < bins; k++) edges[k] = sorted[(int) ((long) (k + 1) * n / bins) - 1];
		final double[] sumMean = new double[bins], sumProbe = new double[bins];
		final int[] count = new int[bins];
		for (int i = 0; i < n; i++) {
			final int k = bin(edges, mean[i]);
			sumMean[k] += mean[i];
			sumProbe[k] += probes[i];
			count[k]++;
		}
		// bins emptied by ties collapse into their neighbours
		final double[] centre = new double[bins], level = new double[bins];
		int used = 0;
		double top = 0;
		for (int k = 0; k < bins; k++) {
			if (count[k] == 0) continue;
			centre[used] = sumMean[k] / count[k];
			level[used] = sumProbe[k] / count[k];
			top = Math.max(top, level[used]);
			used++;
		}
		if (!(top > 0)) return BoxMean.of(probes, shape, radius);
		final double floor = RELATIVE_FLOOR * top;
		final float[] curve = new float[n], ratio = new float[n];
		for (int i = 0; i < n; i++) {
			curve[i] = (float) Math.max(floor, interpolate(centre, level, used, mean[i]));
			ratio[i] = probes[i] / curve[i];
		}
		final float[] smoothed = BoxMean.of(ratio, shape, radius);
		for (int i = 0; i < n; i++) smoothed[i] *= curve[i];
		return smoothed;
	}

	private static int bin(final float[] edges, final float value) {
		int lo = 0, hi = edges.length - 1;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (edges[mid] >= value) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/** Linear between the first {@code used} points {@code (x, y)} (increasing x), constant beyond. */
	private static double interpolate(final double[] x, final double[] y, final int used, final double at) {
		if (used == 1 || at <= x[0]) return y[0];
		if (at >= x[used - 1]) return y[used - 1];
		int lo = 0, hi = used - 1;
		while (hi - lo > 1) {
			final int mid = (lo + hi) >>> 1;
			if (x[mid] <= at) lo = mid;
			else hi = mid;
		}
		final double span = x[hi] - x[lo];
		return span > 0 ? y[lo] + (at - x[lo]) / span * (y[hi] - y[lo]) : y[lo];
	}
}
