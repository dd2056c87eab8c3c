package io.benchtap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code benchtap}. Usage errors (unknown flags, bad values) print one line and
 * exit with 2; failures while running exit with 1.
 */
@Command(name = "benchtap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Streams benchmark output from MQTT into Prometheus and InfluxDB metrics.",
    subcommands = {ServeCommand.class, ParseCommand.class, ImportCommand.class, AgentCommand.class, CampaignCommand.class, ReportCommand.class, BenchElsewhere.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code of usage and configuration errors. */
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (serve, parse, import, agent, campaign, report)");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String... args) {
    return execute(new Main(), args);
  }

  /**
   * Runs the picocli command {@code top} with benchtap's error handling: a usage error is one line
   * naming the command and exits with {@link #USAGE}, a {@link UsageError} or configuration error
   * its message and {@link #USAGE}, any other failure one line and 1. Also the entry of the load
   * generator's own jar ({@code benchtap-bench}, src/bench/java), so both CLIs fail alike.
   */
  public static int execute(Object top, String... args) {
    CommandLine cli = new CommandLine(top);
    String root = cli.getCommandName();
    cli.setParameterExceptionHandler((ex, argv) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println(cmd.getCommandName().equals(root) ? root + ": " + ex.getMessage()
          : root + " " + cmd.getCommandName() + ": " + ex.getMessage() + " (see " + root + " " + cmd.getCommandName() + " --help)");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UsageError || ex instanceof io.benchtap.config.ConfigException) {
        cmd.getErr().println(ex.getMessage());
        return USAGE;
      }
      cmd.getErr().println(root + " " + cmd.getCommandName() + ": " + ex);
      return 1;
    });
    return cli.execute(args);
  }

  /** An error in what the user asked for; exits with {@link #USAGE}. */
  public static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
      super(message);
    }
  }

  /** Reads the version from the jar manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"benchtap " + (v == null ? "dev" : v)};
    }
  }
}
