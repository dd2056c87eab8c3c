package io.benchtap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code benchtap}. Usage errors (unknown flags, bad values) print one line and
 * exit with 2; failures while running exit with 1.
 */
@Command(name = "benchtap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Streams benchmark output from MQTT into Prometheus and InfluxDB metrics.",
    subcommands = {ServeCommand.class, ParseCommand.class, ImportCommand.class, AgentCommand.class, CampaignCommand.class, ReportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((ex, argv) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println(cmd.getCommandName().equals("benchtap") ? "benchtap: " + ex.getMessage()
          : "benchtap " + cmd.getCommandName() + ": " + ex.getMessage() + " (see benchtap " + cmd.getCommandName() + " --help)");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UsageError || ex instanceof io.benchtap.config.ConfigException) {
        cmd.getErr().println(ex.getMessage());
        return USAGE;
      }
      cmd.getErr().println("benchtap " + cmd.getCommandName() + ": " + ex);
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
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"benchtap " + (v == null ? "dev" : v)};
    }
  }
}
