package org.almc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.almc.restore.RestorationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line entry point: {@code java -jar almc-cli.jar <command>}. */
@Command(name = "almc", mixinStandardHelpOptions = true, version = "almc 0.1.0",
	description = "Posterior sampling restoration of microscopy images (Annealed Langevin Monte Carlo).",
	subcommands = { DenoiseCommand.class, DeconvolveCommand.class, PriorDenoiseCommand.class, ValidateCommand.class,
		TrainCommand.class, BenchCommand.class, PsfCommand.class, PriorReportCommand.class })
public final class AlmcCli implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	public static void main(final String[] args) {
		System.exit(commandLine().execute(args));
	}

	/**
	 * The command line with its error handling: a failure the user can act on (a file that cannot be
	 * read or written, a bad model folder, an invalid value) is one line naming the command and the
	 * problem, exit code 1; anything else is a defect and keeps its stack trace.
	 */
	public static CommandLine commandLine() {
		final CommandLine cli = new CommandLine(new AlmcCli());
		cli.setExecutionExceptionHandler((e, failed, parsed) -> {
			final Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
			if (!(cause instanceof IOException || cause instanceof RestorationException || cause instanceof IllegalArgumentException)) {
				throw e;
			}
			failed.getErr().println("almc " + failed.getCommandName() + ": " + message(cause));
			failed.getErr().flush();
			return 1;
		});
		return cli;
	}

	private static String message(final Throwable e) {
		if (e instanceof NoSuchFileException) return "no such file or folder: " + e.getMessage();
		if (e instanceof AccessDeniedException) return "permission denied: " + e.getMessage();
		if (e instanceof FileAlreadyExistsException) return "a file is in the way: " + e.getMessage();
		if (e instanceof FileSystemException f) return "cannot write or read " + f.getFile() + (f.getReason() == null ? "" : " (" + f
			.getReason() + ")");
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}
}
