package io.osprey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./osprey}: one command line for the demo and for running each component on its own. */
@Command(
    name = "osprey",
    mixinStandardHelpOptions = true,
    version = "osprey 0.1.0",
    description = "Real-time streaming machine learning for fraud-style workloads.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      ModelsCommand.class,
      ReplayCommand.class,
      ComponentCommand.Score.class,
      ComponentCommand.Train.class,
      ComponentCommand.Simulate.class,
      ClusterCommand.class,
      SettingsCommand.class
    })
public final class OspreyCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /**
   * A wrong setting (unknown key, unreadable value, bad spec) ends the command with its message and
   * exit code 2, not a stack trace; anything else is a bug and keeps its trace.
   */
  private static int reportConfigurationError(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (!(e instanceof IllegalArgumentException)) {
      throw e;
    }
    commandLine.getErr().println("osprey: " + e.getMessage());
    return 2;
  }

  /** The command line as {@code ./osprey} runs it. */
  static CommandLine commandLine() {
    return new CommandLine(new OspreyCli())
        // "bench --only quality": the half's name is also a bench subcommand's, and is meant as
        // the option's value there.
        .setAllowSubcommandsAsOptionParameters(true)
        .setExecutionExceptionHandler(OspreyCli::reportConfigurationError);
  }

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    // Flink, Kafka and DL4J leave non-daemon threads behind; the command decides when we are done.
    System.exit(exitCode);
  }
}
