package org.almc.core.psf;

import org.almc.core.ImageShape;

/**
 * A scalar widefield point spread function of a circularly symmetric pupil. The point intensity at
 * lateral distance {@code r} from the axis and axial offset {@code z} from focus is the
 * Kirchhoff-Fresnel (Debye) integral
 * <pre>
 *   h(r, z) = | integral_0^rhoMax J0(k NA r rho) exp(i phi(rho, z)) rho d rho |^2
 * </pre>
 * with {@code k = 2 pi / lambda}, {@code rho} the normalized pupil radius and {@code phi} the pupil
 * phase of the model ({@link #pupilPhase}). The implementations differ only in {@code phi} and
 * {@code rhoMax}: {@link BornWolfPsf} (defocus only) and {@link GibsonLanniPsf} (defocus plus the
 * optical path difference of a specimen, coverslip and immersion layer that deviate from the design).
 * <p>
 * {@link #render()} evaluates the integral on a fine radial profile per plane (Simpson's rule in
 * {@code theta}, {@code rho = rhoMax sin theta}, which removes the square-root endpoint singularity
 * of the phase when {@code rhoMax < 1}), interpolates it (cubic) at {@code s x s} sub-pixel positions
 * per pixel and averages them, and normalizes the result to unit sum.
 */
public sealed interface WidefieldPsf permits BornWolfPsf, GibsonLanniPsf {

	WidefieldOptics optics();

	PsfSampling sampling();

	/**
	 * The pupil phase {@code phi(rho, z)} in radians at normalized pupil radius {@code rho} in
	 * {@code [0, rhoMax]} for the focal plane displaced by {@code z} nanometres; constants in
	 * {@code rho} are dropped (they do not change the intensity).
	 */
	double pupilPhase(double rho, double z);

	/**
	 * The largest normalized pupil radius {@code rhoMax} in {@code (0, 1]} that propagates through every
	 * layer: 1 unless a layer's refractive index is below the numerical aperture.
	 */
	default double pupilLimit() {
		return 1.0;
	}

	/** The shape of {@link #render()}: 2D when {@code sampling().sizeZ() == 1}, else 3D; X fastest. */
	default ImageShape shape() {
		return sampling().shape();
	}

	/**
	 * The PSF on the pixel grid of {@link #sampling()}: flat, X fastest, then Y, then Z; non-negative,
	 * unit sum, centre at the middle pixel.
	 */
	default float[] render() {
		return RadialPsfRenderer.render(this);
	}

	/**
	 * The unnormalized point intensity {@code h(r, z)} (no pixel averaging); in focus on the axis of an
	 * aberration-free full pupil it is {@code (1/2)^2 = 0.25}.
	 *
	 * @param r distance from the optical axis, nanometres
	 * @param z axial offset of the focal plane, nanometres
	 */
	default double pointIntensity(final double r, final double z) {
		return RadialPsfRenderer.pointIntensity(this, r, z);
	}
}
