package org.almc.core;

/**
 * A likelihood whose Langevin steps can be taken implicitly: a weighted least squares
 * {@code R(x) = |A x - y|^2_W / 2}, whose step {@code x' = x + delta (s - grad R(x')) + noise} is a
 * linear solve. Samplers use it where {@link #offersImplicitStep()}, and step explicitly otherwise.
 */
public interface ImplicitLikelihood extends Likelihood {

	/** Whether {@link #implicitStep} is offered for this measurement. */
	boolean offersImplicitStep();

	/**
	 * One step on {@code p_t(x) exp(-R(x))}, explicit in the prior's score {@code drift} and implicit in
	 * the likelihood, that leaves {@code exp(-R)} alone invariant at any {@code delta}. {@code x} is
	 * updated in place.
	 *
	 * @param priorNoise the noise of the step's explicit half, of variance {@code 2 delta} per pixel
	 *          ({@code sqrt(2 delta) e1} with fresh {@code e1} for the plain Langevin step); left unchanged
	 * @param dataNoise the perturbation of the data, of unit variance per measured pixel ({@code e2});
	 *          left unchanged
	 * @return the linear solver's iterations
	 */
	int implicitStep(float[] x, float[] drift, double delta, float[] priorNoise, float[] dataNoise);

	/** The number of measured pixels: the length of {@link #implicitStep}'s {@code dataNoise}. */
	int measurementSize();
}
