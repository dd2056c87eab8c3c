package io.benchtap.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs the phases of {@code benchtap-bench bench} against a broker. Without {@code baseline}: one phase,
 * benchtap in-process at the given rate. With it, {@code rounds} times: (1) a plain
 * {@code mosquitto_sub} as the only consumer, closed loop as fast as it drains; (2) a fresh
 * benchtap in-process, the same load; then once (3) benchtap at half of the median rate it
 * sustained in (2), for latency; (4) a fresh benchtap that takes one message from each of
 * {@code liveStreams} streams, for heap and series. Rounds alternate the two consumers so that
 * each pair sees about the same background load; the ratio is the median of the rounds'. Each
 * consumer phase is preceded by a warm-up of the same load whose figures are discarded.
 */
public final class BenchRunner {
  /** Everything the command line sets. */
  public record Options(String host, int port, String topicPrefix, Path fixtures, List<String> tools, int streams,
      double rate, double seconds, double warmupSeconds, int connections, int mqttWindow, int window, int linesPerMessage,
      boolean baseline, int rounds, int liveStreams, Map<String, String> serveFlags) {}

  private final Options o;
  private final PrintStream log;
  private final String id = "benchtap-bench-" + ProcessHandle.current().pid();
  private final String runId = "b" + System.currentTimeMillis() / 1000;
  private List<Fixtures.Fixture> fixtures;
  private Publishers pubs;
  private HeapWatch heap;

  public BenchRunner(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  public BenchReport run() throws Exception {
    fixtures = Fixtures.load(o.fixtures(), o.tools());
    BenchReport report = new BenchReport();
    report.setup.put("broker", o.host() + ":" + o.port()).put("streams", o.streams()).put("rate", o.rate())
        .put("seconds", o.seconds()).put("warmupSeconds", o.warmupSeconds()).put("tools", String.join(",", o.tools()))
        .put("fixtures", fixtures.size()).put("connections", o.connections()).put("mqttWindow", o.mqttWindow())
        .put("window", o.window()).put("linesPerMessage", o.linesPerMessage()).put("serve", new io.vertx.core.json.JsonObject(
            new LinkedHashMap<>(serveFlags("benchtap-bench"))));
    log.printf("bench: %d fixtures of %s, %d streams, broker %s:%d%n", fixtures.size(), o.tools(), o.streams(), o.host(), o.port());
    heap = new HeapWatch();
    report.heapLimitBytes = heap.limit();
    try (Publishers p = new Publishers(o.host(), o.port(), id, o.connections(), o.mqttWindow())) {
      pubs = p;
      pubs.start(Duration.ofSeconds(30));
      int rounds = o.baseline() ? o.rounds() : 1;
      List<Double> maxRates = new java.util.ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        if (o.baseline()) {
          report.phases.add(log(baseline(r)));
        }
        // A fresh benchtap per round: it must not be subscribed while mosquitto_sub is measured.
        String client = id + "-serve-" + r;
        try (InProcessServe serve = new InProcessServe(serveFlags(client));
             LatencyProbe probe = new LatencyProbe(serve.vertx)) {
          Pacer pacer = new Pacer(pubs, serve::outMessages, o.window());
          warmup(pacer, serve::outMessages, o.baseline() ? 0 : o.rate());
          BenchReport.Phase max = log(benchtap("max", r, serve, probe, pacer, o.baseline() ? 0 : o.rate(), o.streams()));
          report.phases.add(max);
          maxRates.add(max.outRate());
          if (o.baseline() && r == rounds && max.outRate() > 0) {
            double half = Math.max(1, Math.floor(median(maxRates) / 2));
            report.phases.add(log(benchtap("half", r, serve, probe, pacer, half, o.streams())));
          }
        } finally {
          BaselineSubscriber.clearSession(o.host(), o.port(), client);
        }
      }
      if (o.baseline() && o.liveStreams() > 0) {
        report.live = live();
        log(report.live);
      }
    } finally {
      report.heapMaxBytes = heap.max();
      report.heapEndBytes = heap.afterGc();
      heap.close();
    }
    return report;
  }

  private <T> T log(T phase) {
    log.println(phase);
    return phase;
  }

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  Map<String, String> serveFlags(String clientId) {
    Map<String, String> f = InProcessServe.benchFlags(o.host(), o.port(), o.topicPrefix(), clientId);
    // The live-streams phase makes about 10 series per stream (97,507 with 10,000): all of them
    // are to be measured, whatever the default limit.
    f.put("prometheus.maxSeries", String.valueOf(Math.max(200_000, o.liveStreams() * 20)));
    f.putAll(o.serveFlags());
    return f;
  }

  private StreamSet streams(String suffix, int count) {
    return new StreamSet(o.topicPrefix(), fixtures, count, runId + "-" + suffix, o.linesPerMessage());
  }

  private void warmup(Pacer pacer, LongSupplier consumed, double rate) throws InterruptedException {
    if (o.warmupSeconds() <= 0) {
      return;
    }
    long before = consumed.getAsLong();
    Pacer.Sent s = pacer.run(streams("warm", o.streams()), rate, o.warmupSeconds());
    waitFor(consumed, before + s.outMessages(), 60);
  }

  private BenchReport.Phase baseline(int round) throws Exception {
    try (BaselineSubscriber sub = new BaselineSubscriber(o.host(), o.port(), o.topicPrefix(), id + "-sub-" + round)) {
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!sub.probed()) {
        if (!sub.alive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("mosquitto_sub did not receive a probe message from " + o.host() + ":" + o.port());
        }
        pubs.publish(0, o.topicPrefix() + "/bench-probe", "probe");
        Thread.sleep(200);
      }
      Pacer pacer = new Pacer(pubs, sub::outMessages, o.window());
      warmup(pacer, sub::outMessages, 0);
      try (RateSampler sampler = new RateSampler(() -> new double[] {sub.outMessages()}, 500)) {
        double jvm0 = Cpu.jvmSeconds();
        double sub0 = sub.cpuSeconds();
        Pacer.Sent sent = pacer.run(streams("base" + round, o.streams()), 0, o.seconds());
        boolean complete = pubs.drained(Duration.ofSeconds(60))
            && waitFor(() -> (long) sampler.sinceStart(0), sent.outMessages(), Math.max(30, o.seconds() * 3));
        Thread.sleep(300);
        RateSampler.Window w = sampler.window(0, sent.outMessages());
        long got = (long) sampler.sinceStart(0);
        return new BenchReport.Phase("baseline", round, "mosquitto_sub", o.streams(), 0, sent.outMessages(), sent.statusMessages(),
            sent.outRate(), got, w.seconds(), w.rate(0), Double.NaN, Double.NaN, null, 0, complete,
            Cpu.perMessage(Cpu.jvmSeconds() - jvm0, got), Cpu.perMessage(sub.cpuSeconds() - sub0, got), 0, 0, 0);
      }
    }
  }

  private BenchReport.Phase benchtap(String name, int round, InProcessServe serve, LatencyProbe probe, Pacer pacer, double rate, int count)
      throws Exception {
    String run = runId + "-" + name + round;
    probe.arm(run);
    String url = serve.metricsUrl();
    try (RateSampler sampler = new RateSampler(() -> counters(url), 500)) {
      long before = serve.outMessages();
      double jvm0 = Cpu.jvmSeconds();
      Pacer.Sent sent = pacer.run(streams(name + round, count), rate, o.seconds());
      boolean complete = pubs.drained(Duration.ofSeconds(60))
          && waitFor(serve::outMessages, before + sent.outMessages(), Math.max(30, o.seconds() * 3));
      Thread.sleep(700);
      RateSampler.Window w = sampler.window(0, sent.outMessages());
      long got = serve.outMessages() - before;
      double cpu = Cpu.perMessage(Cpu.jvmSeconds() - jvm0, got);
      long heapGc = heap.afterGc();
      return new BenchReport.Phase(name, round, "benchtap", count, rate, sent.outMessages(), sent.statusMessages(), sent.outRate(),
          got, w.seconds(), w.rate(0), w.rate(1), w.rate(2), probe.latency(), heapGc, complete, cpu, Double.NaN,
          (long) sampler.sinceStart(3), (long) sampler.sinceStart(4), (long) sampler.sinceStart(5));
    }
  }

  private BenchReport.Live live() throws Exception {
    try (InProcessServe serve = new InProcessServe(serveFlags(id + "-live"))) {
      long before = heap.afterGc();
      Pacer pacer = new Pacer(pubs, serve::outMessages, o.window());
      long base = serve.outMessages();
      Pacer.Sent sent = pacer.once(streams("live", o.liveStreams()));
      boolean complete = pubs.drained(Duration.ofSeconds(120)) && waitFor(serve::outMessages, base + sent.outMessages(), 120);
      double seconds = (System.nanoTime() - sent.startNanos()) / 1e9;
      long after = heap.afterGc();
      String text = MetricsText.fetch(serve.metricsUrl());
      return new BenchReport.Live(o.liveStreams(), before, after, MetricsText.sum(text, "benchtap_streams_open"),
          MetricsText.sum(text, "benchtap_series_live"), seconds, complete);
    } finally {
      BaselineSubscriber.clearSession(o.host(), o.port(), id + "-live");
    }
  }

  private static double[] counters(String url) {
    String t = MetricsText.fetch(url);
    return new double[] {MetricsText.sum(t, "benchtap_ingest_messages_total", "kind=\"out\""),
        MetricsText.sum(t, "benchtap_ingest_lines_total"), MetricsText.sum(t, "benchtap_measurements_total"),
        MetricsText.sum(t, "benchtap_ingest_duplicates_total"), MetricsText.sum(t, "benchtap_ingest_held_total"),
        MetricsText.sum(t, "benchtap_ingest_gaps_total")};
  }

  /** Polls {@code value} every 20 ms until it reaches {@code target}; false if it did not within {@code seconds}. */
  static boolean waitFor(LongSupplier value, long target, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (value.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
