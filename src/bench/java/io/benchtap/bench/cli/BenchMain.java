package io.benchtap.bench.cli;

import io.benchtap.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code benchtap-bench} (target/benchtap-bench.jar, built from src/bench/java): the
 * load generator and the soak test, kept out of the product jar. Its manifest names benchtap.jar
 * beside it on the class path, so {@code java -jar target/benchtap-bench.jar} runs against the
 * product classes it measures. Errors and exit codes are those of {@code benchtap}
 * ({@link Main#execute}).
 */
@Command(name = "benchtap-bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"benchtap's load generator (bench, bench scrape, bench drain) and soak test, apart from benchtap.jar.",
        "bin/bench and bin/soak start the private brokers these need and run this jar (docs/performance.md)."},
    subcommands = {BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (bench, soak)");
  }

  public static void main(String[] args) {
    System.exit(Main.execute(new BenchMain(), args));
  }
}
