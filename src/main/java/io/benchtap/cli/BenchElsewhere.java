package io.benchtap.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code benchtap bench} in the product jar: the load generator and the soak test are not in
 * benchtap.jar (they live in src/bench/java and target/benchtap-bench.jar), so this hidden command
 * only says, in one line, where they went. Whatever follows {@code bench} is ignored; the exit code
 * is {@link Main#USAGE}.
 */
@Command(name = "bench", hidden = true, description = "Moved: bin/bench, bin/soak or java -jar target/benchtap-bench.jar.")
final class BenchElsewhere implements Callable<Integer> {
  /** The former command's flags and subcommands, taken so that none of them is an error of its own. */
  @Unmatched
  List<String> rest = new ArrayList<>();

  @Override
  public Integer call() {
    throw new Main.UsageError("benchtap bench: the load generator is not part of benchtap.jar; run bin/bench (bench, bench scrape,"
        + " bench drain) or bin/soak, or java -jar target/benchtap-bench.jar --help (docs/performance.md)");
  }
}
