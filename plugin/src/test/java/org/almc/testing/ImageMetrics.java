package org.almc.testing;

/** Image comparison metrics for tests. */
public final class ImageMetrics {

	private ImageMetrics() {}

	public static double rmse(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	public static double correlation(final float[] a, final float[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return ab / Math.sqrt(aa * bb);
	}
}
