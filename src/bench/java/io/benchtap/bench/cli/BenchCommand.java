package io.benchtap.bench.cli;

import io.benchtap.bench.BenchReport;
import io.benchtap.bench.BenchRunner;
import io.benchtap.bench.Fixtures;
import io.benchtap.cli.Main;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code benchtap-bench bench}: replays real captured benchmark outputs over MQTT into an in-process
 * pipeline and reports sustained throughput, publish-to-sink latency and heap; with
 * {@code --baseline} also against a plain {@code mosquitto_sub} on the same broker.
 * {@code bench scrape} is the cost of a large /metrics, {@code bench drain} a backlog emptied by
 * each; the long-running restart test is {@link SoakCommand}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ScrapeCommand.class, DrainCommand.class},
    description = {"Load generator: replays the captured outputs under --fixtures over MQTT (M streams, agent header seq/t)",
        "into benchtap running in this JVM, and reports lines/s and measurements/s (benchtap's own counters),",
        "publish-to-sink latency p50/p99/max and heap. Needs a broker (bin/bench starts a throw-away Mosquitto).",
        "--baseline: also the rate a plain mosquitto_sub drains, latency at half of benchtap's rate, and heap with",
        "--live-streams streams."})
public final class BenchCommand implements Callable<Integer> {
  @Mixin
  ReplayOptions replay;

  @Option(names = "--tools", split = ",", description = "Tools to replay (default: every tool under --fixtures).")
  List<String> tools;

  @Option(names = "--streams", defaultValue = "64", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--rate", defaultValue = "0",
      description = "Output messages/s over all streams; 0 = as fast as the consumer takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--seconds", defaultValue = "15", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured warm-up before each consumer (default: ${DEFAULT-VALUE} s).")
  double warmup;

  @Option(names = "--connections", defaultValue = "4", description = "Publishing MQTT connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--mqtt-window", defaultValue = "64", description = "QoS 1 messages in flight per connection (default: ${DEFAULT-VALUE}).")
  int mqttWindow;

  @Option(names = "--window", defaultValue = "2000",
      description = "At most this many output messages published ahead of the consumer (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--lines-per-message", defaultValue = "1", description = "Output lines per message (default: ${DEFAULT-VALUE}, like mosquitto_pub -l).")
  int linesPerMessage;

  @Option(names = "--baseline", description = "Also measure mosquitto_sub, latency at half rate and heap with --live-streams.")
  boolean baseline;

  @Option(names = "--rounds", defaultValue = "3",
      description = "With --baseline: measure mosquitto_sub and benchtap alternately this many times (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--live-streams", defaultValue = "10000", description = "Streams of the heap phase of --baseline (default: ${DEFAULT-VALUE}).")
  int liveStreams;

  @Option(names = "--verbose", description = "Keep the in-process benchtap's INFO log, its alerts and the MQTT client's errors"
      + " (by default only its warnings: replayed failure outputs raise many run_failed alerts, more than its alert"
      + " connection's in-flight window takes).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    replay.check("bench");
    if (streams < 1 || seconds <= 0 || rate < 0 || connections < 1 || mqttWindow < 1 || window < 1 || linesPerMessage < 1) {
      throw new Main.UsageError("benchtap-bench bench: --streams, --seconds, --connections, --mqtt-window, --window and "
          + "--lines-per-message must be positive, --rate at least 0");
    }
    List<String> t = tools == null || tools.isEmpty() ? Fixtures.tools(replay.fixtures) : tools;
    BenchRunner.Options o = new BenchRunner.Options(replay.host, replay.port, replay.topicPrefix, replay.fixtures, t, streams, rate,
        seconds, warmup, connections, mqttWindow, window, linesPerMessage, baseline, Math.max(1, rounds), liveStreams, replay.sets);
    if (!verbose) {
      quietServe();
    }
    BenchReport report = new BenchRunner(o, System.err).run();
    System.out.print(report.table());
    replay.writeJson(report.toJson());
    return 0;
  }

  /** Only the in-process benchtap's warnings (replayed failure outputs raise many alerts). */
  static void quietServe() {
    quiet("io.benchtap", ch.qos.logback.classic.Level.WARN);
    quiet("io.benchtap.serve.ServeVerticle", ch.qos.logback.classic.Level.ERROR);
    quiet("io.vertx.mqtt.impl.MqttClientImpl", ch.qos.logback.classic.Level.OFF);
  }

  private static void quiet(String logger, ch.qos.logback.classic.Level level) {
    if (org.slf4j.LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(level);
    }
  }
}
