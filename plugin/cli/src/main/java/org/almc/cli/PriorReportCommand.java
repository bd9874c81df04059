package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.almc.restore.ModelLocator;
import org.almc.restore.RestorationException;
import org.almc.tf.TfScoreModel;
import org.almc.train.PriorReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code almc prior-report}: the prior on whole held-out images of many structures, and on targets that are not cells. */
@Command(name = "prior-report", mixinStandardHelpOptions = true, description = "Measure a score model beyond its training data: " +
	"the one-pass denoiser against the oracle Gaussian filter on whole held-out images of many structures (Gaussian noise 0.05, " +
	"0.1, 0.2; Poisson noise of 100 and 20 photons), and the restoration of targets that are not cells (lines, grid, star, " +
	"beads): PSNR, coverage, and invented structure in the flat background. Writes a Markdown report.")
public final class PriorReportCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--data", defaultValue = "../shared/data/train", description = "Folder of the held-out images (default: ${DEFAULT-VALUE}).")
	Path data;

	@Option(names = "--model", description = "Score model folder (default: the bundled model).")
	String model;

	@Option(names = "--out", description = "Write the report to this Markdown file as well.")
	Path out;

	@Option(names = "--chains", defaultValue = "8", description = "Posterior samples for the patterns (default: ${DEFAULT-VALUE}).")
	int chains;

	@Option(names = "--pattern-size", defaultValue = "128", description = "Side of the patterns in pixels (default: ${DEFAULT-VALUE}).")
	int patternSize;

	@Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Mixin
	TensorFlowOptions tensorFlow = new TensorFlowOptions();

	@Override
	public Integer call() throws IOException, RestorationException {
		final PrintWriter console = spec.commandLine().getOut();
		try (TfScoreModel prior = tensorFlow.load(ModelLocator.locate(model))) {
			final PriorReport report = new PriorReport(prior, prior.metadata());
			final List<PriorReport.Row> rows = report.wholeImages(data, seed);
			final List<PriorReport.PatternRow> patterns = report.patterns(patternSize, chains, seed);
			final String text = PriorReport.markdown(prior.metadata().name, rows, patterns);
			console.print(text);
			console.flush();
			if (out != null) AtomicFiles.writeString(out, text);
		}
		return 0;
	}
}
