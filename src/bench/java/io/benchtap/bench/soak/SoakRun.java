package io.benchtap.bench.soak;

import io.benchtap.bench.MetricsText;
import io.benchtap.bench.Publishers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A soak run: {@code benchtap serve} in its own JVM, fed over a private Mosquitto and writing to
 * line-protocol files and to a private VictoriaMetrics, while {@link Chaos} restarts the broker
 * and VictoriaMetrics (SIGTERM) and kills serve (SIGKILL) and starts it again. Every message is a
 * {@code devhealth} line {@code memory_available_bytes N} with a unique N (0, 1, 2, ...), with the
 * agent header, on one of a few streams (message N is stream N mod streams, seq N div streams).
 * At the end every N is looked up in both sinks ({@link Tally}): missing is lost, stored twice is
 * duplicated. A {@link Witness} beside benchtap tells whether a lost value reached the broker's
 * subscribers at all. benchtap's heap ({@code jvm_memory_used_bytes}) and series are sampled
 * from its /metrics throughout; its counters are summed over its processes.
 */
public final class SoakRun {
  /**
   * The fault plan; times in seconds. The broker and VictoriaMetrics alternate with a random gap
   * in [gapMin, gapMax] between outages; serve is killed with a random gap in [killGapMin,
   * killGapMax] between kills; each is down for 1 s up to its maximum.
   */
  public record Faults(boolean broker, boolean vm, boolean serve, double gapMin, double gapMax, double brokerDownMax,
      double vmDownMax, double killGapMin, double killGapMax, double serveDownMax) {}

  /** Settings of a run. */
  public record Options(double seconds, double rate, int streams, Faults faults, long seed, String serveXmx, Path jar, Path dir,
      List<String> serveSets) {}

  private final Options o;
  private final PrintStream log;
  private final String run = "soak" + System.currentTimeMillis() / 1000;

  public SoakRun(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  public SoakReport run() throws Exception {
    SoakReport report = new SoakReport();
    report.run = run;
    report.seed = o.seed();
    report.streams = o.streams();
    try (SoakServices svc = new SoakServices(o.dir(), o.jar(), o.serveXmx(), o.serveSets())) {
      Thread hook = new Thread(() -> {
        try {
          svc.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "soak-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        svc.startAll();
        log.printf("soak: mosquitto 127.0.0.1:%d, victoria-metrics %s, benchtap serve %s (-Xmx%s), run %s, %s%n",
            svc.mqttPort, svc.vmUrl(), svc.serveUrl(), o.serveXmx(), run, o.dir());
        drive(svc, report);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already
        }
      }
    }
    return report;
  }

  private void drive(SoakServices svc, SoakReport report) throws Exception {
    String metrics = svc.serveUrl() + "/metrics";
    ServeCounters counters = new ServeCounters(metrics);
    Chaos chaos = new Chaos(Chaos.plan(o.seed(), o.seconds(), o.faults()), svc.broker, svc.vm, svc.serve, counters::beforeKill);
    report.planned = chaos.planned().stream().map(Object::toString).toList();
    log.println("soak: faults planned: " + report.planned);
    long period = (long) Math.max(1000, Math.min(10_000, o.seconds() * 1000 / 40));
    Witness witness = svc.startWitness(run);
    try (Publishers pubs = new Publishers("127.0.0.1", svc.mqttPort, "benchtap-soak-pub-" + ProcessHandle.current().pid(), 2, 32);
         HeapSampler heap = new HeapSampler(metrics, period, svc.serve::starts)) {
      pubs.start(Duration.ofSeconds(30));
      int readyMessages = 0;
      if (witness != null) {
        readyMessages = awaitWitness(pubs, witness);
      } else {
        log.println("soak: mosquitto_sub not found: no witness subscriber");
      }
      chaos.start();
      long published = publish(pubs);
      report.published = published;
      chaos.await(Duration.ofSeconds(180));
      report.outages = chaos.log();
      log.printf("soak: published %d messages; faults done: %s%n", published, report.outages);
      report.publisherDrained = pubs.drained(Duration.ofSeconds(120));
      report.acknowledgedByBroker = pubs.acknowledged() - readyMessages;
      report.resent = pubs.resent();
      if (witness != null) {
        report.witness = settle(() -> witness.count(published), Duration.ofSeconds(20), Duration.ofSeconds(120));
      }
      report.files = settle(() -> Tally.inFiles(svc.dataDir, run, published), Duration.ofSeconds(30), Duration.ofSeconds(300));
      // The InfluxDB sink's spool is sent when its pending points reach 0.
      report.sinkDrained = waitUntil(Duration.ofSeconds(240), () -> counter(metrics, "benchtap_queue_depth", "queue=\"influx\"") == 0);
      report.store = settle(() -> Tally.inStore(svc.vmUrl(), run, published), Duration.ofSeconds(30), Duration.ofSeconds(120));
      // Anything still arriving in the files (a redelivery processed twice) shows up in a last count.
      report.files = Tally.inFiles(svc.dataDir, run, published);
      report.serveProcesses = svc.serve.starts();
      report.countersUnread = counters.unread();
      report.counters.putAll(counters.total(MetricsText.fetch(metrics)));
      report.heap = heap.samples();
    } finally {
      chaos.close();
    }
  }

  /**
   * Publishes the ready message once a second until the witness has it (then it is subscribed:
   * a message published before its SUBSCRIBE is not kept for it); returns how many were sent.
   */
  private int awaitWitness(Publishers pubs, Witness witness) throws Exception {
    for (int sent = 1; sent <= 30; sent++) {
      pubs.publish(0, Witness.readyTopic(run), Witness.READY);
      if (waitUntil(Duration.ofSeconds(1), () -> witness.ready() || !witness.alive()) && witness.alive()) {
        return sent;
      }
      if (!witness.alive()) {
        throw new IllegalStateException("the witness subscriber (mosquitto_sub) exited (log: " + o.dir().resolve("witness.log") + ")");
      }
    }
    throw new IllegalStateException("the witness subscriber (mosquitto_sub) did not receive its ready message in 30 s (log: "
        + o.dir().resolve("witness.log") + ")");
  }

  /**
   * Counts until nothing is lost and the count has not changed for 5 s, or it has not changed for
   * {@code quiet}, or {@code max} has passed.
   */
  static SinkCount settle(Supplier<SinkCount> count, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    SinkCount last = count.get();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long still = System.nanoTime() - since;
      if (still >= quiet.toNanos() || (last.lost() == 0 && still >= 5_000_000_000L)) {
        break;
      }
      Thread.sleep(1000);
      SinkCount now = count.get();
      if (now.values() != last.values() || now.resent() != last.resent()) {
        since = System.nanoTime();
      }
      last = now;
    }
    return last;
  }

  /** Publishes at the rate for the duration; returns how many messages (ids 0..n-1). */
  private long publish(Publishers pubs) throws InterruptedException {
    long[] seq = new long[o.streams()];
    long start = System.nanoTime();
    long end = start + (long) (o.seconds() * 1e9);
    long n = 0;
    long lastLog = start;
    for (long now = start; now < end; now = System.nanoTime()) {
      if (n >= (now - start) / 1e9 * o.rate()) {
        LockSupport.parkNanos(Math.max(50_000L, (long) (1e9 / o.rate() / 2)));
        continue;
      }
      int k = (int) (n % o.streams());
      String topic = "benchtap/v1/soak-" + k + "/native/" + run + "/devhealth/host/out";
      pubs.publish(k, topic, "@benchtap seq=" + seq[k]++ + " t=" + epoch() + "\nmemory_available_bytes " + n);
      n++;
      if (now - lastLog > 30_000_000_000L) {
        lastLog = now;
        log.printf("soak: %.0f s, %d published, %d acknowledged by the broker%n", (now - start) / 1e9, n, pubs.acknowledged());
      }
    }
    return n;
  }

  private static String epoch() {
    java.time.Instant t = java.time.Instant.now();
    String micros = Long.toString(1_000_000 + t.getNano() / 1000);
    return t.getEpochSecond() + "." + micros.substring(1);
  }

  private static double counter(String metricsUrl, String metric, String fragment) {
    try {
      return MetricsText.sum(MetricsText.fetch(metricsUrl), metric, fragment);
    } catch (IllegalStateException e) {
      return Double.NaN;
    }
  }

  static boolean waitUntil(Duration max, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(500);
    }
    return true;
  }

  /**
   * benchtap's counters summed over its processes: each killed process's as read right before its
   * SIGKILL (what it counted in the few milliseconds between is missing), plus the last one's at
   * the end. Gauges are the last process's.
   */
  static final class ServeCounters {
    static final List<String> COUNTERS = List.of("benchtap_ingest_messages_total", "benchtap_ingest_duplicates_total",
        "benchtap_ingest_held_total", "benchtap_ingest_late_total", "benchtap_ingest_gaps_total", "benchtap_mqtt_reconnects_total",
        "benchtap_mqtt_acks_dropped_total", "benchtap_mqtt_acks_unstored_total", "benchtap_sink_retries_total",
        "benchtap_sink_failures_total");
    static final List<String> GAUGES = List.of("benchtap_series_live", "benchtap_streams_open");

    private final String metricsUrl;
    private final Map<String, Double> carried = new LinkedHashMap<>();
    private int unread;

    ServeCounters(String metricsUrl) {
      this.metricsUrl = metricsUrl;
      COUNTERS.forEach(c -> carried.put(c, 0.0));
    }

    synchronized void beforeKill() {
      try {
        String text = MetricsText.fetch(metricsUrl);
        COUNTERS.forEach(c -> carried.merge(c, MetricsText.sum(text, c), Double::sum));
      } catch (IllegalStateException e) {
        unread++;
      }
    }

    /** Killed processes whose counters could not be read (not in the sums). */
    synchronized int unread() {
      return unread;
    }

    synchronized Map<String, Double> total(String lastText) {
      Map<String, Double> out = new LinkedHashMap<>();
      COUNTERS.forEach(c -> out.put(c, carried.get(c) + MetricsText.sum(lastText, c)));
      GAUGES.forEach(g -> out.put(g, MetricsText.sum(lastText, g)));
      return out;
    }
  }

  /** benchtap's heap, series and open streams over time, from its /metrics. */
  static final class HeapSampler implements AutoCloseable {
    private final List<double[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param instance the number of the serve process running now (it changes at a kill) */
    HeapSampler(String metricsUrl, long periodMs, IntSupplier instance) {
      long start = System.nanoTime();
      thread = new Thread(() -> {
        while (running) {
          try {
            int before = instance.getAsInt();
            String t = MetricsText.fetch(metricsUrl);
            double[] s = {(System.nanoTime() - start) / 1e9, MetricsText.sum(t, "jvm_memory_used_bytes", "area=\"heap\""),
                MetricsText.sum(t, "benchtap_series_live"), MetricsText.sum(t, "benchtap_streams_open"), before};
            if (instance.getAsInt() == before) {
              synchronized (samples) {
                samples.add(s);
              }
            }
          } catch (IllegalStateException e) {
            // benchtap busy or away: skip this sample
          }
          try {
            Thread.sleep(periodMs);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "soak-heap");
      thread.setDaemon(true);
      thread.start();
    }

    /** [seconds since start, heap used bytes, series live, streams open, serve process number] per sample. */
    List<double[]> samples() {
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }
}
