package org.almc.cli;

import java.nio.file.Path;

import org.almc.restore.PointSpreadFunction;
import org.almc.restore.RestorationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code almc deconvolve INPUT... --psf PSF.tif --out DIR}: posterior deconvolution. */
@Command(name = "deconvolve", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Posterior deconvolution (ALMC) of images or folders with a PSF: writes <name>_mean.tif and <name>_std.tif per input. " +
		"A 3D PSF deconvolves z-stacks jointly; a 2D PSF works plane by plane.")
public final class DeconvolveCommand extends RestoreCommand {

	@Option(names = "--psf", required = true, paramLabel = "PSF", description = "PSF image (2D, or a 3D z-stack); centred, cleaned of its " +
		"background and normalized as needed (printed).")
	Path psfFile;

	@Override
	PointSpreadFunction psf() throws RestorationException {
		return PointSpreadFunction.from(open(psfFile));
	}

	@Override
	String task() {
		return "deconvolve";
	}
}
