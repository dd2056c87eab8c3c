package io.benchtap.bench.cli;

import io.benchtap.bench.soak.SoakReport;
import io.benchtap.bench.soak.SoakRun;
import io.benchtap.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchtap-bench soak}: runs benchtap serve in its own JVM against a private Mosquitto and
 * VictoriaMetrics, restarts both and kills serve at random moments while a modest load runs, and
 * reports what was lost or duplicated in the line-protocol files and in the store, benchtap's heap
 * over time and its series. Exit code 1 when anything was lost or duplicated in either.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Soak test: benchtap serve (own JVM, file and InfluxDB sinks), a private Mosquitto and VictoriaMetrics. At random"
        + " moments the broker and VictoriaMetrics are restarted (SIGTERM) and serve is killed (SIGKILL) and started again, while"
        + " unique values are published; then every value is looked up in the files and in VictoriaMetrics. Exit 1 if any was lost"
        + " or duplicated in either.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--minutes", defaultValue = "5", description = "Length of the load (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--rate", defaultValue = "200", description = "Messages/s (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--streams", defaultValue = "20", description = "Streams (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--gap", defaultValue = "15,45", split = ",", description = "Random gap between outages, min,max seconds (default: 15,45).")
  List<Double> gap;

  @Option(names = "--faults", defaultValue = "broker,vm,serve", split = ",",
      description = "Faults to inject: broker (SIGTERM, restart), vm (SIGTERM, restart), serve (SIGKILL, restart) (default: ${DEFAULT-VALUE}).")
  List<String> faults;

  @Option(names = "--kill-gap", defaultValue = "40,80", split = ",",
      description = "Random gap between SIGKILLs of benchtap serve, min,max seconds (default: 40,80).")
  List<Double> killGap;

  @Option(names = "--serve-outage", defaultValue = "5",
      description = "Longest time benchtap serve stays dead after a SIGKILL before it is started again, seconds (default: ${DEFAULT-VALUE}).")
  double serveOutage;

  @Option(names = "--broker-outage", defaultValue = "5", description = "Longest broker outage, seconds (default: ${DEFAULT-VALUE}).")
  double brokerOutage;

  @Option(names = "--vm-outage", defaultValue = "30",
      description = "Longest VictoriaMetrics outage, seconds (default: ${DEFAULT-VALUE}; the InfluxDB sink's spool holds the points meanwhile).")
  double vmOutage;

  @Option(names = "--seed", description = "Seed of the fault plan (default: random).")
  Long seed;

  @Option(names = "--serve-xmx", defaultValue = "256m", description = "Heap limit of the benchtap serve JVM (default: ${DEFAULT-VALUE}).")
  String serveXmx;

  @Option(names = "--jar", defaultValue = "target/benchtap.jar", description = "benchtap jar to run serve from (default: ${DEFAULT-VALUE}).")
  Path jar;

  @Option(names = "--dir", description = "Work directory for the services' data and logs (default: a new temporary directory, kept).")
  Path dir;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Configuration of benchtap serve (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (minutes <= 0 || rate <= 0 || streams < 1 || gap.size() != 2 || gap.get(0) <= 0 || gap.get(1) < gap.get(0)) {
      throw new Main.UsageError("benchtap-bench soak: --minutes, --rate, --streams must be positive, --gap MIN,MAX with 0 < MIN <= MAX");
    }
    if (killGap.size() != 2 || killGap.get(0) <= 0 || killGap.get(1) < killGap.get(0) || serveOutage < 0) {
      throw new Main.UsageError("benchtap-bench soak: --kill-gap MIN,MAX with 0 < MIN <= MAX, --serve-outage >= 0");
    }
    if (!List.of("broker", "vm", "serve").containsAll(faults)) {
      throw new Main.UsageError("benchtap-bench soak: --faults takes broker, vm and serve, got " + faults);
    }
    if (!Files.isRegularFile(jar)) {
      throw new Main.UsageError("benchtap-bench soak: " + jar + " not found (build it: mvn -DskipTests package, or give --jar)");
    }
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("benchtap-soak.");
    long s = seed != null ? seed : System.nanoTime();
    SoakRun.Faults plan = new SoakRun.Faults(faults.contains("broker"), faults.contains("vm"), faults.contains("serve"), gap.get(0),
        gap.get(1), brokerOutage, vmOutage, killGap.get(0), killGap.get(1), serveOutage);
    SoakReport report = new SoakRun(new SoakRun.Options(minutes * 60, rate, streams, plan, s, serveXmx, jar, work, sets), System.err)
        .run();
    System.out.print(report.text());
    System.out.println("logs and data: " + work);
    if (json != null) {
      Files.writeString(json, report.toJson().encodePrettily() + "\n");
    }
    return report.ok() ? 0 : 1;
  }
}
