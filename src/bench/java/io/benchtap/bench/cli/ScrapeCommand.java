package io.benchtap.bench.cli;

import io.benchtap.bench.Fixtures;
import io.benchtap.bench.ScrapeBench;
import io.benchtap.cli.Main;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code benchtap-bench bench scrape}: the cost of a large /metrics while ingest runs (size, scrape
 * time, heap and resident memory, event-loop lag and ingest latency with and without scrapes).
 */
@Command(name = "scrape", mixinStandardHelpOptions = true,
    description = {"Scrape load: benchtap in this JVM gets one devhealth series from each of --series devices, then the",
        "fixture replay runs at --rate twice: without scrapes, and while --scrapers clients fetch /metrics back to back.",
        "Reports /metrics size, scrape time, heap and RSS, event-loop timer lag and publish-to-sink latency.",
        "Needs a broker: bin/bench scrape starts a throw-away Mosquitto."})
public final class ScrapeCommand implements Callable<Integer> {
  @Mixin
  ReplayOptions replay;

  @Option(names = "--tools", split = ",", description = "Tools to replay (default: every tool under --fixtures).")
  List<String> tools;

  @Option(names = "--series", defaultValue = "50000", description = "Devices, one live series each (default: ${DEFAULT-VALUE}).")
  int series;

  @Option(names = "--streams", defaultValue = "64", description = "Replayed streams during the phases (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--rate", defaultValue = "2000", description = "Output messages/s of the replay (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--seconds", defaultValue = "30", description = "Length of each phase (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured replay with scrapes first (default: ${DEFAULT-VALUE} s).")
  double warmup;

  @Option(names = "--scrapers", defaultValue = "1", description = "Concurrent /metrics clients (default: ${DEFAULT-VALUE}).")
  int scrapers;

  @Option(names = "--pause-ms", defaultValue = "500", description = "Pause of each client between its scrapes (default: ${DEFAULT-VALUE}).")
  long pauseMs;

  @Option(names = "--accept", description = "Accept header of the scrapes (default: what Prometheus 2.x sends, OpenMetrics first).")
  String accept;

  @Option(names = "--window", defaultValue = "2000",
      description = "At most this many messages published ahead of benchtap while creating the series (default: ${DEFAULT-VALUE}).")
  int window;

  @Override
  public Integer call() throws Exception {
    replay.check("bench scrape");
    if (series < 1 || streams < 1 || rate <= 0 || seconds <= 0 || warmup < 0 || scrapers < 1 || pauseMs < 0 || window < 1) {
      throw new Main.UsageError("benchtap-bench bench scrape: --series, --streams, --rate, --seconds, --scrapers and --window must be positive,"
          + " --warmup and --pause-ms at least 0");
    }
    List<String> t = tools == null || tools.isEmpty() ? Fixtures.tools(replay.fixtures) : tools;
    ScrapeBench.Options o = new ScrapeBench.Options(replay.host, replay.port, replay.topicPrefix, replay.fixtures, t, series, streams,
        rate, seconds, warmup, scrapers, pauseMs, accept == null ? ScrapeBench.PROMETHEUS_ACCEPT : accept, window, replay.sets);
    BenchCommand.quietServe();
    ScrapeBench.Report report = new ScrapeBench(o, System.err).run();
    System.out.print(ScrapeBench.table(report));
    replay.writeJson(ScrapeBench.json(report));
    return 0;
  }
}
