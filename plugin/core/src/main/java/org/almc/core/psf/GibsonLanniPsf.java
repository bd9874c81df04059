package org.almc.core.psf;

/**
 * The Gibson &amp; Lanni (1991, 1992) scalar PSF: an objective designed for a coverslip of index
 * {@code n_g0} and thickness {@code t_g0} and an immersion layer of index {@code n_i0} and thickness
 * (working distance) {@code t_i0}, imaging a point source at depth {@code z_p} in a specimen of index
 * {@code n_s} through a coverslip {@code (n_g, t_g)} and immersion {@code (n_i, t_i)}. The pupil phase is
 * {@code phi = k OPD} with the optical path difference, {@code s = NA rho},
 * <pre>
 *   OPD(rho, z) = z_p sqrt(n_s^2 - s^2) + t_i sqrt(n_i^2 - s^2) - t_i0 sqrt(n_i0^2 - s^2)
 *               + t_g sqrt(n_g^2 - s^2) - t_g0 sqrt(n_g0^2 - s^2),       t_i = t_i0 + z - z_p,
 * </pre>
 * integrated up to {@code rhoMax = min(NA, n_s, n_g, n_g0, n_i, n_i0) / NA}. Here {@code z} is the
 * displacement of the focal plane from the particle's nominal focus: {@code z = 0} is the stage
 * position that would focus on the particle if every index matched ({@code t_i = t_i0 - z_p}), and
 * positive {@code z} moves the focal plane from the particle towards the coverslip. With all layers as
 * designed ({@code n_s = n_i = n_i0}, {@code n_g = n_g0}, {@code t_g = t_g0}) the OPD reduces to
 * {@code z sqrt(n_i^2 - s^2)}, the non-paraxial {@link BornWolfPsf}, at any depth. With
 * {@code n_s < n_i} the intensity peak moves to {@code z < 0} (paraxially {@code z = z_p (1 - n_i / n_s)})
 * and the PSF becomes asymmetric along z: the rendered stack is not re-centred on the peak.
 *
 * @param optics numerical aperture, emission wavelength and actual immersion index {@code n_i}
 * @param layers specimen, coverslip and design immersion parameters
 * @param sampling the pixel grid
 */
public record GibsonLanniPsf(WidefieldOptics optics, Layers layers, PsfSampling sampling) implements WidefieldPsf {

	/** Coverslip design thickness {@code t_g0 = t_g} by default: 170 um, in nanometres. */
	public static final double DEFAULT_COVERSLIP_THICKNESS = 170_000;
	/** Coverslip index {@code n_g0 = n_g} by default (glass). */
	public static final double DEFAULT_COVERSLIP_INDEX = 1.5;
	/** Design working distance {@code t_i0} by default: 150 um, in nanometres. */
	public static final double DEFAULT_WORKING_DISTANCE = 150_000;

	/**
	 * The layers of the Gibson-Lanni model; lengths in nanometres.
	 *
	 * @param sampleIndex specimen refractive index {@code n_s}, {@code >= 1}
	 * @param particleDepth depth {@code z_p} of the point source below the coverslip, {@code >= 0}
	 * @param coverslipIndex actual coverslip index {@code n_g}, {@code >= 1}
	 * @param coverslipIndexDesign design coverslip index {@code n_g0}, {@code >= 1}
	 * @param coverslipThickness actual coverslip thickness {@code t_g}, {@code >= 0}
	 * @param coverslipThicknessDesign design coverslip thickness {@code t_g0}, {@code >= 0}
	 * @param immersionIndexDesign design immersion index {@code n_i0}, {@code >= 1}
	 * @param workingDistanceDesign design immersion thickness {@code t_i0}, {@code >= 0}
	 */
	public record Layers(double sampleIndex, double particleDepth, double coverslipIndex, double coverslipIndexDesign,
		double coverslipThickness, double coverslipThicknessDesign, double immersionIndexDesign, double workingDistanceDesign)
	{
		public Layers {
			PsfChecks.atLeast("sampleIndex", sampleIndex, 1.0);
			PsfChecks.nonNegative("particleDepth (nm)", particleDepth);
			PsfChecks.atLeast("coverslipIndex", coverslipIndex, 1.0);
			PsfChecks.atLeast("coverslipIndexDesign", coverslipIndexDesign, 1.0);
			PsfChecks.nonNegative("coverslipThickness (nm)", coverslipThickness);
			PsfChecks.nonNegative("coverslipThicknessDesign (nm)", coverslipThicknessDesign);
			PsfChecks.atLeast("immersionIndexDesign", immersionIndexDesign, 1.0);
			PsfChecks.nonNegative("workingDistanceDesign (nm)", workingDistanceDesign);
		}

		/**
		 * A specimen of index {@code n_s} with the source at depth {@code z_p}, a coverslip as designed
		 * (index 1.5, 170 um) and immersion oil as designed ({@code n_i0 = n_i},
		 * {@code t_i0} = 150 um).
		 */
		public static Layers of(final double sampleIndex, final double particleDepth, final double immersionIndex) {
			return new Layers(sampleIndex, particleDepth, DEFAULT_COVERSLIP_INDEX, DEFAULT_COVERSLIP_INDEX,
				DEFAULT_COVERSLIP_THICKNESS, DEFAULT_COVERSLIP_THICKNESS, immersionIndex, DEFAULT_WORKING_DISTANCE);
		}
	}

	public GibsonLanniPsf {
		if (optics == null) throw new IllegalArgumentException("optics is null: give NA, wavelength and immersion index");
		if (layers == null) throw new IllegalArgumentException("layers is null: give at least the sample index and particle depth");
		if (sampling == null) throw new IllegalArgumentException("sampling is null: give the pixel grid");
	}

	/** A specimen of index {@code n_s} with the source at depth {@code z_p} (nm), other layers as designed. */
	public GibsonLanniPsf(final WidefieldOptics optics, final double sampleIndex, final double particleDepth,
		final PsfSampling sampling)
	{
		this(optics, Layers.of(sampleIndex, particleDepth, optics == null ? 1 : optics.immersionIndex()), sampling);
	}

	@Override
	public double pupilLimit() {
		final double na = optics.numericalAperture();
		final double smallest = Math.min(Math.min(Math.min(layers.sampleIndex, optics.immersionIndex()), layers.immersionIndexDesign),
			Math.min(layers.coverslipIndex, layers.coverslipIndexDesign));
		return Math.min(na, smallest) / na;
	}

	@Override
	public double pupilPhase(final double rho, final double z) {
		final double s = optics.numericalAperture() * rho;
		final double zp = layers.particleDepth;
		final double opd = OpticalPath.layer(zp, layers.sampleIndex, s) +
			OpticalPath.layer(z - zp, optics.immersionIndex(), s) +
			OpticalPath.layer(layers.workingDistanceDesign, optics.immersionIndex(), s) -
			OpticalPath.layer(layers.workingDistanceDesign, layers.immersionIndexDesign, s) +
			OpticalPath.layer(layers.coverslipThickness, layers.coverslipIndex, s) -
			OpticalPath.layer(layers.coverslipThicknessDesign, layers.coverslipIndexDesign, s);
		return optics.waveNumber() * opd;
	}
}
