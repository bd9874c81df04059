package org.almc.core.psf;

/**
 * The Born &amp; Wolf PSF of an aberration-free objective: the only pupil phase is defocus.
 * <ul>
 * <li>{@link Defocus#PARAXIAL}: {@code phi(rho, z) = -k z NA^2 rho^2 / (2 n_i)}. On the axis the
 * intensity is exactly {@code h(0, z) = (1/4) sinc^2(k z NA^2 / (4 n_i))}, {@code sinc u = sin u / u};
 * accurate for low NA.</li>
 * <li>{@link Defocus#NON_PARAXIAL}: {@code phi(rho, z) = k z (sqrt(n_i^2 - NA^2 rho^2) - n_i)}, the
 * exact spherical defocus wavefront; use it for high NA (it equals the Gibson-Lanni model with all
 * layers as designed).</li>
 * </ul>
 * In focus both give the Airy pattern {@code h(r, 0) ~ (2 J1(v) / v)^2}, {@code v = k NA r}.
 *
 * @param optics numerical aperture, emission wavelength and immersion index
 * @param sampling the pixel grid
 * @param defocus the defocus phase model
 */
public record BornWolfPsf(WidefieldOptics optics, PsfSampling sampling, Defocus defocus) implements WidefieldPsf {

	/** How the defocus phase is written. */
	public enum Defocus {
		/** Quadratic (Fresnel) defocus {@code -k z NA^2 rho^2 / (2 n_i)}. */
		PARAXIAL {
			@Override
			double phase(final WidefieldOptics o, final double rho, final double z) {
				final double na = o.numericalAperture();
				return -o.waveNumber() * z * na * na * rho * rho / (2 * o.immersionIndex());
			}
		},
		/** Spherical-wave defocus {@code k z (sqrt(n_i^2 - NA^2 rho^2) - n_i)}. */
		NON_PARAXIAL {
			@Override
			double phase(final WidefieldOptics o, final double rho, final double z) {
				return o.waveNumber() * OpticalPath.layer(z, o.immersionIndex(), o.numericalAperture() * rho);
			}
		};

		abstract double phase(WidefieldOptics optics, double rho, double z);
	}

	public BornWolfPsf {
		if (optics == null) throw new IllegalArgumentException("optics is null: give NA, wavelength and immersion index");
		if (sampling == null) throw new IllegalArgumentException("sampling is null: give the pixel grid");
		if (defocus == null) throw new IllegalArgumentException("defocus is null: choose PARAXIAL or NON_PARAXIAL");
	}

	/** The classic paraxial Born &amp; Wolf model. */
	public BornWolfPsf(final WidefieldOptics optics, final PsfSampling sampling) {
		this(optics, sampling, Defocus.PARAXIAL);
	}

	@Override
	public double pupilPhase(final double rho, final double z) {
		return defocus.phase(optics, rho, z);
	}
}
