package org.almc.core.psf;

import java.util.stream.IntStream;

/**
 * Evaluates {@code h(r, z) = |A(r, z)|^2}, {@code A = integral_0^rhoMax J0(k NA r rho) exp(i phi(rho, z)) rho d rho},
 * for a {@link WidefieldPsf}, and renders it on a pixel grid.
 * <p>
 * Quadrature: with {@code rho = rhoMax sin theta}, {@code rho d rho = rhoMax^2 sin theta cos theta d theta}
 * on {@code [0, pi/2]}, integrated by composite Simpson's rule with {@code N} intervals, {@code N} chosen
 * so that neither the Bessel argument nor the phase advances more than {@code 2 pi / 40} per interval.
 * The Bessel values depend only on {@code r}, the phase factors only on {@code z}: each radial sample
 * computes one row of {@code J0} and reuses it for every plane.
 * <p>
 * Rendering: the radial profile of each plane is sampled every {@code 0.1 / (k NA rhoMax)} (the
 * intensity is band-limited to {@code 2 k NA rhoMax}), interpolated with the Keys cubic kernel at
 * {@code s x s} sub-pixel positions and averaged per pixel. Pixels are computed in one quadrant and
 * mirrored, so the result is exactly symmetric in {@code +-x} and {@code +-y}.
 */
final class RadialPsfRenderer {

	/** Largest phase or Bessel-argument step per Simpson interval. */
	private static final double MAX_STEP = 2 * Math.PI / 40;
	private static final int MIN_INTERVALS = 256;
	private static final int MAX_INTERVALS = 1 << 20;
	/** Radial profile step in units of {@code 1 / (k NA rhoMax)}. */
	private static final double PROFILE_STEP = 0.1;

	private RadialPsfRenderer() {}

	/** Simpson nodes (pupil radii) and the per-plane complex coefficients {@code w_n rho_n d rho_n exp(i phi)}. */
	private static final class Quadrature {

		final double[] rho;
		final double[][] real;
		final double[][] imag;

		Quadrature(final WidefieldPsf model, final double rMax, final double[] zs) {
			final WidefieldOptics o = model.optics();
			final double rhoMax = model.pupilLimit();
			final double besselRate = o.waveNumber() * o.numericalAperture() * rhoMax * rMax;
			int n = evenAtLeast(Math.max(MIN_INTERVALS, Math.ceil(0.5 * Math.PI * besselRate / MAX_STEP)));
			double[][] phases = phases(model, n, zs);
			final double step = largestStep(phases);
			if (step > MAX_STEP) {
				n = evenAtLeast(Math.ceil(n * step / MAX_STEP * 1.05));
				phases = phases(model, n, zs);
			}
			final double h = 0.5 * Math.PI / n;
			rho = new double[n + 1];
			real = new double[zs.length][n + 1];
			imag = new double[zs.length][n + 1];
			for (int j = 0; j <= n; j++) {
				final double theta = j * h;
				rho[j] = rhoMax * Math.sin(theta);
				final double simpson = (j == 0 || j == n ? 1 : j % 2 == 1 ? 4 : 2) * h / 3;
				final double weight = simpson * rhoMax * rhoMax * Math.sin(theta) * Math.cos(theta);
				for (int p = 0; p < zs.length; p++) {
					real[p][j] = weight * Math.cos(phases[p][j]);
					imag[p][j] = weight * Math.sin(phases[p][j]);
				}
			}
		}

		private static double[][] phases(final WidefieldPsf model, final int n, final double[] zs) {
			final double rhoMax = model.pupilLimit();
			final double h = 0.5 * Math.PI / n;
			final double[][] phases = new double[zs.length][n + 1];
			for (int p = 0; p < zs.length; p++) {
				for (int j = 0; j <= n; j++) phases[p][j] = model.pupilPhase(rhoMax * Math.sin(j * h), zs[p]);
			}
			return phases;
		}

		private static double largestStep(final double[][] phases) {
			double step = 0;
			for (final double[] plane : phases) {
				for (int j = 1; j < plane.length; j++) step = Math.max(step, Math.abs(plane[j] - plane[j - 1]));
			}
			return step;
		}

		private static int evenAtLeast(final double n) {
			if (n > MAX_INTERVALS) {
				throw new IllegalArgumentException("The PSF integral needs " + (long) n + " quadrature intervals (more than " +
					MAX_INTERVALS + "): reduce the PSF size, the z range or the aberration (particle depth, index mismatch)");
			}
			final int m = (int) Math.ceil(n);
			return m % 2 == 0 ? m : m + 1;
		}

		/** {@code |A(r, z_p)|^2} for every plane {@code p}, given the row {@code J0(k NA r rho_j)}. */
		void intensities(final double[] besselRow, final double[] out) {
			for (int p = 0; p < real.length; p++) {
				final double[] re = real[p], im = imag[p];
				double a = 0, b = 0;
				for (int j = 0; j < besselRow.length; j++) {
					a += besselRow[j] * re[j];
					b += besselRow[j] * im[j];
				}
				out[p] = a * a + b * b;
			}
		}

		void besselRow(final double kNa, final double r, final double[] row) {
			for (int j = 0; j < rho.length; j++) row[j] = BesselJ0.value(kNa * r * rho[j]);
		}
	}

	static double pointIntensity(final WidefieldPsf model, final double r, final double z) {
		if (!(r >= 0) || !Double.isFinite(r)) {
			throw new IllegalArgumentException("r = " + r + " nm is invalid: the distance from the axis must be finite and >= 0");
		}
		if (!Double.isFinite(z)) throw new IllegalArgumentException("z = " + z + " nm is invalid: it must be finite");
		final Quadrature q = new Quadrature(model, r, new double[] { z });
		final double[] row = new double[q.rho.length];
		q.besselRow(kNa(model), r, row);
		final double[] out = new double[1];
		q.intensities(row, out);
		return out[0];
	}

	static float[] render(final WidefieldPsf model) {
		final PsfSampling s = model.sampling();
		final int nx = s.sizeX(), ny = s.sizeY(), nz = s.sizeZ();
		final int cx = (nx - 1) / 2, cy = (ny - 1) / 2;
		final double[] zs = new double[nz];
		for (int j = 0; j < nz; j++) zs[j] = s.planeOffset(j);
		final double kNa = kNa(model);
		final double dr = PROFILE_STEP / (kNa * model.pupilLimit());
		final double rMax = s.pixelSize() * Math.hypot(cx + 0.5, cy + 0.5);
		final int samples = (int) Math.ceil(rMax / dr) + 3;
		final Quadrature q = new Quadrature(model, samples * dr, zs);
		// profile[p][i] = h(i dr, z_p)
		final double[][] profile = new double[nz][samples];
		IntStream.range(0, samples).parallel().forEach(i -> {
			final double[] row = new double[q.rho.length];
			final double[] column = new double[nz];
			q.besselRow(kNa, i * dr, row);
			q.intensities(row, column);
			for (int p = 0; p < nz; p++) profile[p][i] = column[p];
		});
		final int sub = s.supersampling();
		final double[] offsets = new double[sub];
		for (int k = 0; k < sub; k++) offsets[k] = (k - (sub - 1) / 2) / (double) sub;
		final double[] plane = new double[nx * ny];
		final float[] psf = new float[nx * ny * nz];
		double total = 0;
		for (int p = 0; p < nz; p++) {
			final double[] h = profile[p];
			for (int y = cy; y < ny; y++) {
				for (int x = cx; x < nx; x++) {
					double sum = 0;
					for (final double oy : offsets) {
						final double py = (y - cy + oy) * s.pixelSize();
						for (final double ox : offsets) {
							final double px = (x - cx + ox) * s.pixelSize();
							sum += interpolate(h, Math.sqrt(px * px + py * py) / dr);
						}
					}
					final double v = Math.max(sum / (sub * sub), 0);
					final int xm = 2 * cx - x, ym = 2 * cy - y;
					plane[x + nx * y] = v;
					plane[xm + nx * y] = v;
					plane[x + nx * ym] = v;
					plane[xm + nx * ym] = v;
				}
			}
			for (int i = 0; i < plane.length; i++) total += plane[i];
			final int base = p * nx * ny;
			for (int i = 0; i < plane.length; i++) psf[base + i] = (float) plane[i];
		}
		if (!(total > 0) || !Double.isFinite(total)) {
			throw new IllegalStateException("The PSF integral gave a total of " + total + " for " + model);
		}
		final double scale = 1 / total;
		for (int i = 0; i < psf.length; i++) psf[i] = (float) (psf[i] * scale);
		return psf;
	}

	private static double kNa(final WidefieldPsf model) {
		return model.optics().waveNumber() * model.optics().numericalAperture();
	}

	/**
	 * Keys cubic convolution ({@code a = -1/2}) of the samples {@code h[i] = f(i)} at {@code t >= 0}, with
	 * {@code f} even ({@code h[-i] = h[i]}); {@code t} must be below {@code h.length - 2}.
	 */
	static double interpolate(final double[] h, final double t) {
		final int i = (int) Math.floor(t);
		final double u = t - i;
		final double f0 = h[Math.abs(i - 1)], f1 = h[i], f2 = h[i + 1], f3 = h[i + 2];
		return f1 + 0.5 * u * (f2 - f0 + u * (2 * f0 - 5 * f1 + 4 * f2 - f3 + u * (3 * (f1 - f2) + f3 - f0)));
	}
}
