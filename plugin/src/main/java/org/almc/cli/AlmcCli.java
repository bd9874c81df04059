package org.almc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line entry point: {@code java -jar almc.jar <command>}. */
@Command(name = "almc", mixinStandardHelpOptions = true, version = "almc 0.1.0",
	description = "Posterior sampling restoration of microscopy images (Annealed Langevin Monte Carlo).",
	subcommands = { DenoiseCommand.class, DeconvolveCommand.class, PriorDenoiseCommand.class, ValidateCommand.class,
		TrainCommand.class, BenchCommand.class })
public final class AlmcCli implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	public static void main(final String[] args) {
		System.exit(new CommandLine(new AlmcCli()).execute(args));
	}
}
