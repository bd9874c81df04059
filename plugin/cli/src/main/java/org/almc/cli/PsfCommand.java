package org.almc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.almc.restore.OutputFiles;
import org.almc.restore.TheoreticalPsf;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code almc psf OUT.tif ...}: a theoretical widefield PSF, with the parameters of Fiji's Generate PSF. */
@Command(name = "psf", mixinStandardHelpOptions = true, description = "Write a theoretical widefield PSF (Born-Wolf, or " +
	"Gibson-Lanni for a refractive-index mismatch), 2D or 3D, as a calibrated 32-bit TIFF with unit sum and its centre in the " +
	"middle pixel: the same parameters as Plugins > Posterior Sampling > Generate PSF. Lengths in nm.")
public final class PsfCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "OUT", description = "Output TIFF.")
	Path output;

	@Option(names = "--model", defaultValue = "born-wolf", description = "born-wolf or gibson-lanni (default: ${DEFAULT-VALUE}).")
	String model;

	@Option(names = "--na", defaultValue = "1.4", description = "Numerical aperture (default: ${DEFAULT-VALUE}).")
	double na;

	@Option(names = "--wavelength", defaultValue = "520", description = "Emission wavelength, nm (default: ${DEFAULT-VALUE}).")
	double wavelength;

	@Option(names = "--ni", defaultValue = "1.515", description = "Immersion refractive index (default: ${DEFAULT-VALUE}).")
	double ni;

	@Option(names = "--ns", defaultValue = "1.33", description = "Sample refractive index, Gibson-Lanni (default: ${DEFAULT-VALUE}).")
	double ns;

	@Option(names = "--depth", defaultValue = "0", description = "Particle depth below the coverslip, nm, Gibson-Lanni (default: ${DEFAULT-VALUE}).")
	double depth;

	@Option(names = "--pixel-size", defaultValue = "100", description = "X-Y pixel size, nm (default: ${DEFAULT-VALUE}).")
	double pixelSize;

	@Option(names = "--z-step", defaultValue = "200", description = "Z step, nm, 3D (default: ${DEFAULT-VALUE}).")
	double zStep;

	@Option(names = "--size", defaultValue = "31", description = "X-Y size in pixels, odd (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--slices", defaultValue = "1", description = "Z planes, odd; 1 = 2D (default: ${DEFAULT-VALUE}).")
	int slices;

	@Override
	public Integer call() throws IOException {
		final String name = switch (model.toLowerCase(Locale.ROOT)) {
			case "born-wolf" -> TheoreticalPsf.BORN_WOLF;
			case "gibson-lanni" -> TheoreticalPsf.GIBSON_LANNI;
			default -> throw new IllegalArgumentException("--model must be born-wolf or gibson-lanni, got '" + model + "'");
		};
		final ImagePlus psf = new TheoreticalPsf(name, na, wavelength, ni, ns, depth, pixelSize, zStep, size, slices).render();
		OutputFiles.saveTiff(psf, output);
		spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s PSF, %d x %d x %d, pixel %s nm, z step %s nm%n", output, name, size, size,
			slices, pixelSize, zStep);
		return 0;
	}
}
