package org.almc.restore;

import java.util.Locale;

import org.almc.core.psf.BornWolfPsf;
import org.almc.core.psf.GibsonLanniPsf;
import org.almc.core.psf.PsfSampling;
import org.almc.core.psf.WidefieldOptics;
import org.almc.core.psf.WidefieldPsf;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * A theoretical widefield PSF as an image, for Fiji's Generate PSF and the {@code psf} command alike:
 * Born-Wolf, or Gibson-Lanni for a refractive-index mismatch; 2D (one plane) or 3D; unit sum, centre in
 * the middle pixel, calibrated in microns, its parameters in the Info. Lengths in nm.
 *
 * @param model {@link #BORN_WOLF} or {@link #GIBSON_LANNI}
 * @param na numerical aperture
 * @param wavelength emission wavelength
 * @param immersionIndex immersion medium's refractive index
 * @param sampleIndex sample's refractive index (Gibson-Lanni)
 * @param depth particle depth below the coverslip (Gibson-Lanni)
 * @param pixelSize x-y pixel size
 * @param zStep z step (3D)
 * @param size x-y size in pixels, odd
 * @param slices z planes, odd; 1 for 2D
 */
public record TheoreticalPsf(String model, double na, double wavelength, double immersionIndex, double sampleIndex, double depth,
	double pixelSize, double zStep, int size, int slices)
{

	public static final String BORN_WOLF = "Born-Wolf";
	public static final String GIBSON_LANNI = "Gibson-Lanni";

	/**
	 * Renders the PSF.
	 *
	 * @throws IllegalArgumentException naming the parameter that is out of range and what it must be
	 */
	public ImagePlus render() {
		final WidefieldOptics optics = new WidefieldOptics(na, wavelength, immersionIndex);
		final PsfSampling sampling = new PsfSampling(pixelSize, zStep, size, size, slices);
		final WidefieldPsf generator;
		if (BORN_WOLF.equalsIgnoreCase(model)) generator = new BornWolfPsf(optics, sampling, BornWolfPsf.Defocus.NON_PARAXIAL);
		else if (GIBSON_LANNI.equalsIgnoreCase(model)) generator = new GibsonLanniPsf(optics, sampleIndex, depth, sampling);
		else throw new IllegalArgumentException("Unknown PSF model '" + model + "': use " + BORN_WOLF + " or " + GIBSON_LANNI);
		final float[] values = generator.render();
		final ImageStack stack = new ImageStack(size, size);
		for (int z = 0; z < slices; z++) {
			final float[] plane = new float[size * size];
			System.arraycopy(values, z * size * size, plane, 0, plane.length);
			stack.addSlice(new FloatProcessor(size, size, plane));
		}
		final ImagePlus psf = new ImagePlus(String.format(Locale.ROOT, "PSF %s NA%.2f %.0fnm", model, na, wavelength), stack);
		psf.getCalibration().pixelWidth = pixelSize / 1000;
		psf.getCalibration().pixelHeight = pixelSize / 1000;
		psf.getCalibration().pixelDepth = zStep / 1000;
		psf.getCalibration().setUnit("micron");
		psf.setProperty("Info", String.format(Locale.ROOT, "ALMC generated PSF\nmodel=%s na=%s wavelength=%s ni=%s ns=%s depth=%s pixelsize=%s " +
			"zstep=%s size=%d slices=%d\n", model, na, wavelength, immersionIndex, sampleIndex, depth, pixelSize, zStep, size, slices));
		return psf;
	}
}
