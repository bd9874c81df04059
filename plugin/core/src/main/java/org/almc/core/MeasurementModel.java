package org.almc.core;

import java.util.Optional;
import java.util.SplittableRandom;

import org.almc.core.noise.NoiseModel;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.util.Dct;
import org.almc.core.util.Fft;

/**
 * A physical measurement: data {@code y} from {@code x} through a forward operator {@code A} and a
 * noise model, {@code R(x) = N(A x; y)} and {@code grad R(x) = A^T grad N(A x; y)}, with
 * {@code L_R = |A|^2 L_N}. An optional mask removes pixels (saturated ones, say) from the likelihood.
 * <p>
 * For noise models that are weighted least squares (Gaussian, Poisson-Gaussian camera), the warm-start
 * law {@code exp(-|x|^2 / 2 - R(x))} is Gaussian with precision {@code P = I + A^T W A}. It is
 * sampled exactly: in Fourier space when {@code A} is circulant and the noise white; otherwise by
 * perturbation-optimization (a perturbed right-hand side solved by conjugate gradients), which gives an
 * exact sample up to the solver tolerance.
 */
public final class MeasurementModel implements ImplicitLikelihood, CosineLikelihood {

	private static final int MAX_CG_ITERATIONS = 1000;
	private static final double CG_TOLERANCE = 1e-4;
	/**
	 * Relative tolerance of {@link #implicitStep}'s solve: its right-hand side is the step's increment,
	 * whose error then stays far under the step's own noise.
	 */
	private static final double STEP_TOLERANCE = 1e-3;

	private final ForwardOperator operator;
	private final NoiseModel noise;
	private final float[] data;
	private final boolean[] valid;
	private final float[] z;
	private final float[] dz;
	/**
	 * {@code A}'s eigenvalues in the DCT-II basis where that basis diagonalizes it and it is not the
	 * identity (whose gradient needs no transform at all); null otherwise.
	 */
	private final float[] cosineEigenvalues;
	/** The DCT plan of {@link #cosineGradient}, made on first use. */
	private Dct dct;
	/** Buffers of the second image in {@link #gradients}, allocated on first use. */
	private float[] z2;
	private float[] dz2;
	/** State of {@link #implicitStep}, made on first use. */
	private float[] stepVariances;
	private float[] stepWeights;
	private float[] stepRhs;
	private float[] stepIncrement;
	private PrecisionSolver stepSolver;

	/**
	 * @param operator the forward operator {@code A}
	 * @param noise the noise model
	 * @param data the measurement {@code y} (shape of {@code A}'s output, normalized units); not copied
	 *          and must not change while in use
	 * @param valid pixels of {@code y} that enter the likelihood, or {@code null} for all
	 */
	public MeasurementModel(final ForwardOperator operator, final NoiseModel noise, final float[] data,
		final boolean[] valid)
	{
		final int n = operator.outputShape().size();
		if (data.length != n) {
			throw new IllegalArgumentException("Measurement has " + data.length + " pixels, the operator produces " + n);
		}
		if (valid != null && valid.length != n) {
			throw new IllegalArgumentException("Mask has " + valid.length + " pixels, the measurement " + n);
		}
		for (int i = 0; i < n; i++) {
			if (!Float.isFinite(data[i]) && (valid == null || valid[i])) {
				throw new IllegalArgumentException("The measurement has a NaN or infinite value at pixel " + i +
					": replace or mask such pixels first");
			}
		}
		this.operator = operator;
		this.noise = noise.bind(data, operator.outputShape());
		this.data = data;
		this.valid = valid;
		this.z = new float[n];
		this.dz = new float[n];
		this.cosineEigenvalues = operator instanceof IdentityOperator ? null : operator.cosineEigenvalues().orElse(null);
	}

	public ForwardOperator operator() {
		return operator;
	}

	public NoiseModel noise() {
		return noise;
	}

	@Override
	public ImageShape shape() {
		return operator.inputShape();
	}

	@Override
	public double value(final float[] x) {
		operator.apply(x, z);
		return noise.negativeLogLikelihood(z, data, valid);
	}

	@Override
	public void gradient(final float[] x, final float[] out) {
		operator.apply(x, z);
		noise.gradient(z, data, valid, dz);
		operator.adjoint(dz, out);
	}

	@Override
	public void gradients(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		if (z2 == null) {
			z2 = new float[z.length];
			dz2 = new float[z.length];
		}
		operator.applyPair(x1, x2, z, z2);
		noise.gradient(z, data, valid, dz);
		noise.gradient(z2, data, valid, dz2);
		operator.adjointPair(dz, dz2, out1, out2);
	}

	@Override
	public boolean offersCosineGradient() {
		return cosineEigenvalues != null;
	}

	/** {@code z = C^T (mu xHat) = A x}, then {@code outHat = mu C grad N(z)}: {@code C A^T grad N(A x)}. */
	@Override
	public void cosineGradient(final float[] xHat, final float[] outHat) {
		if (cosineEigenvalues == null) throw new UnsupportedOperationException("This measurement offers no gradient in the DCT-II basis");
		if (dct == null) dct = new Dct(shape());
		final float[] mu = cosineEigenvalues;
		for (int f = 0; f < mu.length; f++) z[f] = mu[f] * xHat[f];
		dct.inverse(z);
		noise.gradient(z, data, valid, dz);
		dct.forward(dz);
		for (int f = 0; f < mu.length; f++) outHat[f] = mu[f] * dz[f];
	}

	@Override
	public double lipschitz() {
		return operator.normSquaredBound() * noise.lipschitz(data);
	}

	/**
	 * {@code w_max mu_f^2}: {@code A^T W A} in the DCT-II basis with the largest pixel weight
	 * {@code w_max} (the noise model's curvature bound) in place of {@code W}.
	 */
	@Override
	public Optional<float[]> curvatureSpectrum() {
		final Optional<float[]> power = operator.cosinePowerSpectrum();
		if (power.isEmpty()) return Optional.empty();
		final double weight = noise.lipschitz(data);
		final float[] h = power.get().clone();
		for (int i = 0; i < h.length; i++) h[i] *= (float) weight;
		return Optional.of(h);
	}

	/**
	 * The noise model's {@link NoiseModel#givenNoisedImage}, in the samplers' Ornstein-Uhlenbeck
	 * coordinates: the state at level {@code sigma} is {@code x = e^{-t} u}, so the data are scaled by
	 * {@code e^{-t}} and the variances by {@code e^{-2t}}. Exact for {@code A = I}. With a blur,
	 * {@code y = A u + w} with {@code Cov(w) = V - sigma^2 A A^T}: its diagonal,
	 * {@code V - sigma^2 |h|^2} ({@link ForwardOperator#noiseGain}), is taken, the correlations of the blurred
	 * noise left out, and no variance falls below the smallest of {@code V}: the DCT preconditioner sizes
	 * every step by the largest pixel weight, and raising it slowed every chain (a held-out actin crop at
	 * 1000 photons, camera noise, balanced preset: 28.5 dB with the quietest pixels' variance cut to a
	 * quarter, against 33.9 dB for the states at 0.01).
	 */
	@Override
	public Optional<Likelihood> givenNoisedImage(final double sigma) {
		final double scale = Math.exp(-NoiseLevels.time(sigma));
		final float[] scaled = new float[data.length];
		for (int i = 0; i < scaled.length; i++) scaled[i] = (float) (scale * data[i]);
		final boolean blurred = !(operator instanceof IdentityOperator);
		final double floor = blurred ? noise.quadraticVariances(data).map(MeasurementModel::smallest).orElse(0.0) : 0;
		return noise.givenNoisedImage(data, sigma * Math.sqrt(operator.noiseGain()), scale, floor).map(n -> new MeasurementModel(operator
			.copy(), n, scaled, valid));
	}

	private static double smallest(final float[] values) {
		float min = Float.POSITIVE_INFINITY;
		for (final float v : values) min = Math.min(min, v);
		return min;
	}

	/**
	 * The median noise standard deviation over the pixels: pixels of weaker noise are given
	 * {@link NoiseModel#KEPT_VARIANCE} of their variance (with a blur, the smallest variance of the data),
	 * less confident than exact. Lower quantiles stop the chains lower, which cost more than it saved
	 * (camera noise, 128 x 128 held-out crops, balanced preset: the 10th percentile lost 0.0-1.8 dB to the
	 * median at 1000 and 100 photons).
	 */
	@Override
	public double noisedImageLimit() {
		return noise.quadraticVariances(data).map(v -> {
			final float[] sorted = v.clone();
			java.util.Arrays.sort(sorted);
			return Math.sqrt(sorted[sorted.length / 2]);
		}).orElse(0.0);
	}

	@Override
	public Optional<float[]> pixelCurvature() {
		if (!(operator instanceof IdentityOperator)) return Optional.empty();
		return noise.quadraticVariances(data).map(v -> {
			final float[] w = new float[v.length];
			for (int i = 0; i < w.length; i++) w[i] = valid != null && !valid[i] ? 0f : 1 / v[i];
			return w;
		});
	}

	@Override
	public MeasurementModel copy() {
		return new MeasurementModel(operator.copy(), noise, data, valid);
	}

	@Override
	public Optional<WarmStart> exactWarmStart(final double priorMean, final double priorVariance) {
		if (!(priorVariance > 0)) throw new IllegalArgumentException("The warm start's prior variance must be > 0, got " + priorVariance);
		final Optional<float[]> variances = noise.quadraticVariances(data);
		if (variances.isEmpty()) return Optional.empty();
		final float[] v = variances.get();
		final Optional<float[]> power = operator.circulantPowerSpectrum();
		if (power.isPresent() && valid == null && isConstant(v)) {
			return Optional.of(fourierWarmStart(power.get(), v[0], priorMean, priorVariance));
		}
		return Optional.of(conjugateGradientWarmStart(v, priorMean, priorVariance));
	}

	@Override
	public Optional<PixelMoments> cleanMoments() {
		double sum = 0, sum2 = 0, noiseSum = 0;
		int count = 0;
		final float[] v = noise.quadraticVariances(data).orElse(null);
		for (int i = 0; i < data.length; i++) {
			if (valid != null && !valid[i]) continue;
			sum += data[i];
			sum2 += (double) data[i] * data[i];
			if (v != null) noiseSum += v[i];
			count++;
		}
		if (count < 2) return Optional.empty();
		final double mean = sum / count;
		final double variance = Math.max(0, sum2 / count - mean * mean - noiseSum / count);
		return Optional.of(new PixelMoments(mean, variance));
	}

	private static boolean isConstant(final float[] v) {
		for (final float a : v) {
			if (a != v[0]) return false;
		}
		return true;
	}

	/**
	 * {@code x = F^-1 [F(m + q A^T y / s^2) / P + sqrt(q) F(z) / sqrt(P)]}, {@code P = 1 + q |K|^2 / s^2},
	 * for the prior {@code N(m, q I)}.
	 */
	private WarmStart fourierWarmStart(final float[] power, final double variance, final double priorMean, final double priorVariance) {
		final ImageShape shape = shape();
		final Fft fft = new Fft(shape);
		final float[] meanSpectrum = fft.newComplexBuffer();
		final float[] aty = new float[shape.size()];
		operator.copy().adjoint(data, aty);
		for (int i = 0; i < aty.length; i++) aty[i] = (float) (priorMean + priorVariance * aty[i] / variance);
		Fft.toComplex(aty, meanSpectrum);
		fft.forward(meanSpectrum);
		final float[] inversePrecision = new float[shape.size()];
		final float[] inverseRoot = new float[shape.size()];
		for (int i = 0; i < power.length; i++) {
			final double p = 1 + priorVariance * power[i] / variance;
			inversePrecision[i] = (float) (1 / p);
			inverseRoot[i] = (float) Math.sqrt(priorVariance / p);
		}
		Fft.multiplyReal(meanSpectrum, inversePrecision);
		return (random, out) -> {
			final Fft plan = new Fft(shape);
			final float[] c = plan.newComplexBuffer();
			for (int i = 0; i < shape.size(); i++) c[2 * i] = (float) random.nextGaussian();
			plan.forward(c);
			Fft.multiplyReal(c, inverseRoot);
			for (int i = 0; i < c.length; i++) c[i] += meanSpectrum[i];
			plan.inverse(c);
			Fft.realPart(c, out);
		};
	}

	/**
	 * Perturbation-optimization: with {@code W = diag(q valid / v)}, the solution of
	 * {@code (I + A^T W A) x = m + A^T W (y + sqrt(v) e1) + sqrt(q) e2}, {@code e1, e2 ~ N(0, I)}, is
	 * distributed as {@code N(P^-1 (m + A^T W y), q P^-1)}: the prior {@code N(m, q I)} times {@code exp(-R)}.
	 */
	private WarmStart conjugateGradientWarmStart(final float[] variances, final double priorMean, final double priorVariance) {
		return (random, out) -> {
			final PrecisionSolver solver = new PrecisionSolver();
			final int n = shape().size();
			final int m = data.length;
			final float[] w = new float[m];
			final float[] rhsData = new float[m];
			for (int i = 0; i < m; i++) {
				final boolean use = valid == null || valid[i];
				w[i] = use ? (float) (priorVariance / variances[i]) : 0f;
				rhsData[i] = use ? (float) (w[i] * (data[i] + Math.sqrt(variances[i]) * random.nextGaussian())) : 0f;
			}
			final float[] rhs = new float[n];
			solver.operator.adjoint(rhsData, rhs);
			final double sd = Math.sqrt(priorVariance);
			for (int i = 0; i < n; i++) rhs[i] += (float) (priorMean + sd * random.nextGaussian());
			solver.solve(w, rhs, out, CG_TOLERANCE);
		};
	}

	/**
	 * Where the noise model is a weighted least squares ({@code R(x) = |A x - y|^2_W / 2},
	 * {@code W = diag(valid / v)}).
	 */
	@Override
	public boolean offersImplicitStep() {
		return noise.quadraticVariances(data).isPresent();
	}

	/**
	 * One Langevin step on {@code p_t(x) exp(-R(x))} that is explicit in the prior's score and exact in the
	 * likelihood: {@code x' = x + delta (s - grad R(x')) + n1} with one more perturbation, that is,
	 * {@code P x' = x + delta s + n1 + delta A^T W (y + sqrt(v) e2)} with {@code P = I + delta A^T W A},
	 * {@code n1 = priorNoise} and {@code e2 = dataNoise}. With fresh {@code n1 = sqrt(2 delta) e1} and
	 * {@code e2} a quadratic {@code R} alone is left invariant at every {@code delta} (the step's covariance
	 * is {@code delta (P^-1 + P^-2)}); the samplers share the
	 * draws between consecutive steps instead, which keeps a Gaussian prior's part exact too. Where
	 * {@code delta A^T W A} is large the step draws the likelihood's directions afresh at once: it is then
	 * bounded by the prior's curvature only, not by the likelihood's. {@code x} is updated in place;
	 * {@code drift} holds the prior's score and is left unchanged.
	 *
	 * @return the conjugate-gradient iterations used
	 */
	@Override
	public int implicitStep(final float[] x, final float[] drift, final double delta, final float[] priorNoise, final float[] dataNoise) {
		if (stepVariances == null) {
			stepVariances = noise.quadraticVariances(data).orElseThrow(() -> new UnsupportedOperationException(
				"The implicit step needs a weighted least squares noise model"));
			stepSolver = new PrecisionSolver();
			stepWeights = new float[data.length];
			stepRhs = new float[shape().size()];
			stepIncrement = new float[shape().size()];
		}
		final int m = data.length, n = stepRhs.length;
		final float[] w = stepWeights, v = stepVariances;
		operator.apply(x, z);
		for (int i = 0; i < m; i++) {
			final boolean use = valid == null || valid[i];
			w[i] = use ? (float) (delta / v[i]) : 0f;
			dz[i] = use ? (float) (w[i] * (data[i] + Math.sqrt(v[i]) * dataNoise[i] - z[i])) : 0f;
		}
		// the increment d = x' - x solves P d = delta s + n1 + delta A^T W (y + sqrt(v) e2 - A x)
		operator.adjoint(dz, stepRhs);
		for (int i = 0; i < n; i++) stepRhs[i] += (float) (delta * drift[i] + priorNoise[i]);
		final int iterations = stepSolver.solve(w, stepRhs, stepIncrement, STEP_TOLERANCE);
		for (int i = 0; i < n; i++) x[i] += stepIncrement[i];
		return iterations;
	}

	@Override
	public int measurementSize() {
		return data.length;
	}

	/**
	 * Solves {@code (I + A^T W A) x = rhs}: pixel by pixel for the identity; in the DCT-II basis where it
	 * diagonalizes {@code A} (there the system reads {@code (I + diag(mu) C W C^T diag(mu)) xHat = C rhs},
	 * one transform each way per iteration, preconditioned by {@code 1 / (1 + mean(w) mu_f^2)}); else by
	 * conjugate gradients with {@link #preconditioner}. Own operator copy and buffers: one per thread.
	 */
	private final class PrecisionSolver {

		final ForwardOperator operator = MeasurementModel.this.operator.copy();
		private final float[] tmpData = new float[data.length];
		private final float[] tmp = new float[shape().size()];
		private Dct plan;
		/** The operator's cosine power spectrum and the preconditioner's diagonal, made on first use. */
		private float[] power;
		private float[] inverse;

		/** {@code rhs} is overwritten. @return the iterations used */
		int solve(final float[] w, final float[] rhs, final float[] out, final double tolerance) {
			final int n = rhs.length, m = w.length;
			if (operator instanceof IdentityOperator) {
				for (int i = 0; i < n; i++) out[i] = rhs[i] / (1 + w[i]);
				return 0;
			}
			if (cosineEigenvalues != null) {
				if (plan == null) plan = new Dct(shape());
				final float[] mu = cosineEigenvalues;
				plan.forward(rhs);
				if (power == null) {
					power = operator.cosinePowerSpectrum().orElseThrow();
					inverse = new float[power.length];
				}
				meanWeightInverse(w, power, inverse);
				final int iterations = ConjugateGradient.solve((xHat, result) -> {
					for (int f = 0; f < mu.length; f++) tmp[f] = mu[f] * xHat[f];
					plan.inverse(tmp);
					for (int i = 0; i < tmp.length; i++) tmp[i] *= w[i];
					plan.forward(tmp);
					for (int f = 0; f < mu.length; f++) result[f] = xHat[f] + mu[f] * tmp[f];
				}, (r, z) -> {
					for (int f = 0; f < inverse.length; f++) z[f] = r[f] * inverse[f];
				}, rhs, out, tolerance, MAX_CG_ITERATIONS);
				plan.inverse(out);
				return iterations;
			}
			return ConjugateGradient.solve((x, result) -> {
				operator.apply(x, tmpData);
				for (int i = 0; i < m; i++) tmpData[i] *= w[i];
				operator.adjoint(tmpData, tmp);
				for (int i = 0; i < n; i++) result[i] = x[i] + tmp[i];
			}, preconditioner(w), rhs, out, tolerance, MAX_CG_ITERATIONS);
		}
	}

	/** {@code 1 / (1 + mean(w) h_f)}: the inverse of {@code I + A^T W A} in the DCT-II basis with uniform weights. */
	private static float[] meanWeightInverse(final float[] w, final float[] power) {
		return meanWeightInverse(w, power, new float[power.length]);
	}

	/** {@link #meanWeightInverse(float[], float[])} into {@code inverse}, which is returned. */
	private static float[] meanWeightInverse(final float[] w, final float[] power, final float[] inverse) {
		double mean = 0;
		for (final float a : w) mean += a;
		mean /= w.length;
		for (int f = 0; f < inverse.length; f++) inverse[f] = (float) (1 / (1 + mean * power[f]));
		return inverse;
	}

	/**
	 * An approximate inverse of {@code I + A^T W A} for the conjugate gradients: exact
	 * ({@code 1 / (1 + w_i)}) for the identity operator, {@code diag_C(1 / (1 + mean(w) h_f))} in the DCT-II
	 * basis for operators with a cosine power spectrum {@code h_f} (exact for uniform weights and
	 * symmetric blur with mirror boundaries), none otherwise. It cuts the iterations from the square root
	 * of the likelihood's condition number to that of the weights' spread.
	 */
	java.util.function.BiConsumer<float[], float[]> preconditioner(final float[] w) {
		if (operator instanceof IdentityOperator) {
			return (r, out) -> {
				for (int i = 0; i < r.length; i++) out[i] = r[i] / (1 + w[i]);
			};
		}
		final Optional<float[]> power = operator.cosinePowerSpectrum();
		if (power.isEmpty()) return null;
		final float[] inverse = meanWeightInverse(w, power.get());
		final Dct plan = new Dct(shape());
		return (r, out) -> {
			System.arraycopy(r, 0, out, 0, r.length);
			plan.forward(out);
			for (int f = 0; f < inverse.length; f++) out[f] *= inverse[f];
			plan.inverse(out);
		};
	}

	/** Draws simulated data {@code y ~ p(y | x)} through this model's operator and noise. */
	public static float[] simulate(final ForwardOperator operator, final NoiseModel noise, final float[] x,
		final SplittableRandom random)
	{
		final float[] clean = new float[operator.outputShape().size()];
		operator.apply(x, clean);
		final float[] y = new float[clean.length];
		noise.simulate(clean, random, y);
		return y;
	}
}
