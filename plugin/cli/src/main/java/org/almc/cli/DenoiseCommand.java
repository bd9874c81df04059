package org.almc.cli;

import org.almc.restore.PointSpreadFunction;

import picocli.CommandLine.Command;

/** {@code almc denoise INPUT... --out DIR}: posterior denoising. */
@Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Posterior denoising (ALMC) of images or folders: writes <name>_mean.tif and <name>_std.tif per input.")
public final class DenoiseCommand extends RestoreCommand {

	@Override
	PointSpreadFunction psf() {
		return null;
	}

	@Override
	String task() {
		return "denoise";
	}
}
