package org.almc.core.psf;

/**
 * The optics shared by all widefield PSF models: an objective of numerical aperture {@code NA}
 * imaging into an immersion medium of refractive index {@code n_i} at emission wavelength
 * {@code lambda} (in vacuum). The wave number is {@code k = 2 pi / lambda}.
 *
 * @param numericalAperture NA of the objective, in {@code (0, immersionIndex)}
 * @param emissionWavelength emission wavelength in vacuum, in nanometres, {@code > 0}
 * @param immersionIndex refractive index {@code n_i} of the immersion medium, {@code >= 1}
 */
public record WidefieldOptics(double numericalAperture, double emissionWavelength, double immersionIndex) {

	public WidefieldOptics {
		PsfChecks.atLeast("immersionIndex", immersionIndex, 1.0);
		PsfChecks.positive("emissionWavelength (nm)", emissionWavelength);
		if (!(numericalAperture > 0 && numericalAperture < immersionIndex)) {
			throw new IllegalArgumentException("numericalAperture = " + numericalAperture +
				" is invalid: it must be in (0, immersionIndex) = (0, " + immersionIndex + ")");
		}
	}

	/** The vacuum wave number {@code k = 2 pi / lambda}, in radians per nanometre. */
	public double waveNumber() {
		return 2 * Math.PI / emissionWavelength;
	}
}
