package org.almc.validate;

import org.almc.core.operator.ForwardOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Dense matrices of small operators and Gaussian posteriors in closed form (commons-math3). */
final class DenseLinearAlgebra {

	private DenseLinearAlgebra() {}

	/** The matrix of a linear operator, column {@code j} = {@code A e_j}. */
	static RealMatrix matrix(final ForwardOperator operator) {
		final int n = operator.inputShape().size(), m = operator.outputShape().size();
		final double[][] a = new double[m][n];
		final float[] e = new float[n];
		final float[] col = new float[m];
		for (int j = 0; j < n; j++) {
			e[j] = 1;
			operator.apply(e, col);
			e[j] = 0;
			for (int i = 0; i < m; i++) a[i][j] = col[i];
		}
		return new Array2DRowRealMatrix(a, false);
	}

	/** A symmetric positive definite matrix's inverse, by Cholesky. */
	static RealMatrix inverse(final RealMatrix spd) {
		return new CholeskyDecomposition(symmetrize(spd), 1e-10, 1e-14).getSolver().getInverse();
	}

	static RealMatrix symmetrize(final RealMatrix m) {
		return m.add(m.transpose()).scalarMultiply(0.5);
	}

	/**
	 * The posterior {@code N(mean, cov)} of {@code x ~ N(m, C)}, {@code y = A x + N(0, s^2 I)}:
	 * {@code cov = (C^-1 + A^T A / s^2)^-1}, {@code mean = cov (C^-1 m + A^T y / s^2)}.
	 *
	 * @return {@code {mean (as n x 1), cov}}
	 */
	static RealMatrix[] gaussianPosterior(final double[] priorMean, final RealMatrix priorCov, final RealMatrix a,
		final double noiseVariance, final double[] y)
	{
		final RealMatrix priorPrecision = inverse(priorCov);
		final RealMatrix precision = priorPrecision.add(a.transpose().multiply(a).scalarMultiply(1 / noiseVariance));
		final RealMatrix cov = symmetrize(inverse(precision));
		final RealMatrix rhs = priorPrecision.multiply(column(priorMean))
			.add(a.transpose().multiply(column(y)).scalarMultiply(1 / noiseVariance));
		return new RealMatrix[] { cov.multiply(rhs), cov };
	}

	static RealMatrix column(final double[] v) {
		return new Array2DRowRealMatrix(v);
	}

	static double[] toDouble(final float[] v) {
		final double[] d = new double[v.length];
		for (int i = 0; i < v.length; i++) d[i] = v[i];
		return d;
	}

	/** {@code log N(y; mean, cov)}. */
	static double logNormalDensity(final double[] y, final double[] mean, final RealMatrix cov) {
		final CholeskyDecomposition chol = new CholeskyDecomposition(symmetrize(cov), 1e-10, 1e-14);
		final double[] r = new double[y.length];
		for (int i = 0; i < y.length; i++) r[i] = y[i] - mean[i];
		final double[] solved = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(r)).toArray();
		double quad = 0;
		for (int i = 0; i < y.length; i++) quad += r[i] * solved[i];
		return -0.5 * quad - 0.5 * Math.log(chol.getDeterminant()) - 0.5 * y.length * Math.log(2 * Math.PI);
	}
}
