package org.almc.core.psf;

import org.almc.core.ImageShape;

/**
 * The pixel grid a PSF is rendered on. The PSF centre is the middle pixel
 * {@code ((sizeX - 1) / 2, (sizeY - 1) / 2, (sizeZ - 1) / 2)}; plane {@code j} lies at axial offset
 * {@code z_j = (j - (sizeZ - 1) / 2) * zStep} from focus. Each pixel value is the mean of the point
 * intensity at {@code supersampling x supersampling} sub-pixel positions (no sub-sampling along z).
 *
 * @param pixelSize lateral pixel size in nanometres (object space), {@code > 0}
 * @param zStep axial step in nanometres, {@code > 0} when {@code sizeZ > 1} (ignored for 2D)
 * @param sizeX width in pixels, odd, {@code >= 1}
 * @param sizeY height in pixels, odd, {@code >= 1}
 * @param sizeZ number of planes, odd, {@code >= 1}; 1 gives a 2D PSF of the in-focus plane
 * @param supersampling sub-samples per pixel along x and along y, odd, {@code >= 1}
 */
public record PsfSampling(double pixelSize, double zStep, int sizeX, int sizeY, int sizeZ, int supersampling) {

	/** Default lateral supersampling: 3 x 3 sub-samples per pixel. */
	public static final int DEFAULT_SUPERSAMPLING = 3;

	public PsfSampling {
		PsfChecks.positive("pixelSize (nm)", pixelSize);
		PsfChecks.oddPositive("sizeX", sizeX);
		PsfChecks.oddPositive("sizeY", sizeY);
		PsfChecks.oddPositive("sizeZ", sizeZ);
		PsfChecks.oddPositive("supersampling", supersampling);
		if (sizeZ > 1) PsfChecks.positive("zStep (nm)", zStep);
		else PsfChecks.nonNegative("zStep (nm)", zStep);
		if ((long) sizeX * sizeY * sizeZ > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("PSF size " + sizeX + "x" + sizeY + "x" + sizeZ + " is too large for one array");
		}
	}

	/** A 3D grid (or 2D when {@code sizeZ == 1}) with the default 3 x 3 supersampling. */
	public PsfSampling(final double pixelSize, final double zStep, final int sizeX, final int sizeY, final int sizeZ) {
		this(pixelSize, zStep, sizeX, sizeY, sizeZ, DEFAULT_SUPERSAMPLING);
	}

	/** A square 2D grid of the in-focus plane with the default supersampling. */
	public static PsfSampling plane(final double pixelSize, final int size) {
		return new PsfSampling(pixelSize, 0, size, size, 1);
	}

	/** The PSF array shape: 2D {@code sizeX x sizeY} when {@code sizeZ == 1}, else 3D. */
	public ImageShape shape() {
		return sizeZ == 1 ? new ImageShape(sizeX, sizeY) : new ImageShape(sizeX, sizeY, sizeZ);
	}

	/** Axial offset of plane {@code j} from focus, in nanometres. */
	public double planeOffset(final int j) {
		return (j - (sizeZ - 1) / 2) * zStep;
	}
}
