package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.almc.validate.ExactPosteriorValidation;

import com.google.gson.GsonBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code validate}: the samplers against closed-form posteriors. */
@Command(name = "validate", mixinStandardHelpOptions = true,
	description = "Check ALMC (and the DPS and Langevin baselines) against posteriors known in closed form: "
		+ "a Gaussian prior with blur and Gaussian noise, and a Gaussian-mixture prior whose modes the measurement leaves ambiguous.")
public final class ValidateCommand implements Callable<Integer> {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
	Path json;

	@Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed = ExactPosteriorValidation.Config.defaults().seed();

	@Option(names = "--levels", description = "Noise levels (= network evaluations) per sampler (default: ${DEFAULT-VALUE}).")
	int levels = ExactPosteriorValidation.Config.defaults().levels();

	@Option(names = "--gaussian-chains", description = "Chains for the Gaussian case (default: ${DEFAULT-VALUE}).")
	int gaussianChains = ExactPosteriorValidation.Config.defaults().gaussianChains();

	@Option(names = "--mixture-chains", description = "Chains for the mixture case (default: ${DEFAULT-VALUE}).")
	int mixtureChains = ExactPosteriorValidation.Config.defaults().mixtureChains();

	@Override
	public Integer call() throws IOException {
		final ExactPosteriorValidation validation = new ExactPosteriorValidation(
			new ExactPosteriorValidation.Config(gaussianChains, mixtureChains,
				ExactPosteriorValidation.Config.defaults().settings().withLevels(levels, 1), seed));
		final ExactPosteriorValidation.GaussianResult g = validation.gaussian();
		final ExactPosteriorValidation.MixtureResult m = validation.mixture();
		final PrintWriter out = spec.commandLine().getOut();
		out.print(ExactPosteriorValidation.toTable(g, m));
		out.flush();
		if (json != null) {
			AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
				.create().toJson(ExactPosteriorValidation.toJson(g, m)));
			out.println("Wrote " + json);
		}
		return 0;
	}
}
