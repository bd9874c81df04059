package org.almc.core;

/**
 * A likelihood that may offer its gradient in the DCT-II basis: where the forward operator is diagonal
 * there (mirror-boundary blur by a symmetric PSF), a sampler that keeps its chains' coefficients in that
 * basis gets the gradient with one transform each way, in place of a padded FFT pass each way plus the
 * transforms in and out of the basis. An optional capability of a {@link Likelihood}, asked for with
 * {@link #offeredBy}.
 */
public interface CosineLikelihood extends Likelihood {

	/** Whether {@link #cosineGradient} is offered for this measurement. */
	boolean offersCosineGradient();

	/**
	 * {@code outHat = C grad R(C^T xHat)}, {@code C} the orthonormal DCT-II ({@link org.almc.core.util.Dct}
	 * order): the gradient in that basis at the image whose coefficients are {@code xHat}. Only where
	 * {@link #offersCosineGradient()}.
	 */
	void cosineGradient(float[] xHat, float[] outHat);

	/** Whether {@code likelihood} offers its gradient in the DCT-II basis. */
	static boolean offeredBy(final Likelihood likelihood) {
		return likelihood instanceof CosineLikelihood c && c.offersCosineGradient();
	}
}
