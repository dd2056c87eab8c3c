package io.benchtap.bench.soak;

import io.benchtap.bench.MetricsText;
import io.benchtap.bench.Publishers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A soak run: {@code benchtap serve} in its own JVM, fed over a private Mosquitto and writing to a
 * private VictoriaMetrics, while {@link Chaos} restarts the broker and VictoriaMetrics. Every
 * message is a {@code devhealth} line {@code memory_available_bytes N} with a unique N (0, 1,
 * 2, ...), with the agent header, on one of a few streams; at the end every N is looked up in
 * VictoriaMetrics ({@code /internal/force_flush}, then {@code /api/v1/export}): an N missing is
 * lost, an N stored twice is duplicated. benchtap's heap ({@code jvm_memory_used_bytes}) and
 * series are sampled from its /metrics throughout.
 */
public final class SoakRun {
  /** Settings of a run. Outage lengths and gaps are in seconds. */
  public record Options(double seconds, double rate, int streams, double gapMin, double gapMax, double brokerOutageMax,
      double vmOutageMax, long seed, String serveXmx, Path jar, Path dir, List<String> serveSets) {}

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
    Chaos chaos = new Chaos(Chaos.plan(o.seed(), o.seconds(), o.gapMin(), o.gapMax(), o.brokerOutageMax(), o.vmOutageMax()),
        svc.broker, svc.vm);
    report.planned = chaos.planned().stream().map(Object::toString).toList();
    log.println("soak: outages planned: " + report.planned);
    String metrics = svc.serveUrl() + "/metrics";
    long period = (long) Math.max(1000, Math.min(10_000, o.seconds() * 1000 / 40));
    try (Publishers pubs = new Publishers("127.0.0.1", svc.mqttPort, "benchtap-soak-pub-" + ProcessHandle.current().pid(), 2, 32);
         HeapSampler heap = new HeapSampler(metrics, period)) {
      pubs.start(Duration.ofSeconds(30));
      chaos.start();
      long published = publish(pubs);
      report.published = published;
      chaos.await(Duration.ofSeconds(180));
      report.outages = chaos.log();
      log.printf("soak: published %d messages; outages done: %s%n", published, report.outages);
      report.publisherDrained = pubs.drained(Duration.ofSeconds(120));
      report.resent = pubs.resent();
      report.allProcessed = waitUntil(Duration.ofSeconds(120), () -> counter(metrics, "benchtap_measurements_total",
          "tool=\"devhealth\"") >= published);
      // The InfluxDB sink's buffer drains when every batch was written (or given up).
      report.sinkDrained = waitUntil(Duration.ofSeconds(240), () -> counter(metrics, "benchtap_queue_depth", "queue=\"influx\"") == 0);
      VmCount count = new VmCount(svc.vmUrl(), run, published);
      waitUntil(Duration.ofSeconds(60), () -> count.refresh().lost() == 0);
      report.stored = count.stored();
      report.lost = count.lost();
      report.duplicated = count.duplicated();
      report.foreign = count.foreign();
      report.vmSeries = count.series();
      String text = MetricsText.fetch(metrics);
      report.counters.put("benchtap_ingest_duplicates_total", MetricsText.sum(text, "benchtap_ingest_duplicates_total"));
      report.counters.put("benchtap_mqtt_reconnects_total", MetricsText.sum(text, "benchtap_mqtt_reconnects_total"));
      report.counters.put("benchtap_sink_retries_total", MetricsText.sum(text, "benchtap_sink_retries_total"));
      report.counters.put("benchtap_sink_failures_total", MetricsText.sum(text, "benchtap_sink_failures_total"));
      report.counters.put("benchtap_sink_backpressure_total", MetricsText.sum(text, "benchtap_sink_backpressure_total"));
      report.counters.put("benchtap_series_live", MetricsText.sum(text, "benchtap_series_live"));
      report.counters.put("benchtap_streams_open", MetricsText.sum(text, "benchtap_streams_open"));
      report.heap = heap.samples();
    } finally {
      chaos.close();
    }
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

  /** benchtap's heap, series and open streams over time, from its /metrics. */
  static final class HeapSampler implements AutoCloseable {
    private final List<double[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler(String metricsUrl, long periodMs) {
      long start = System.nanoTime();
      thread = new Thread(() -> {
        while (running) {
          try {
            String t = MetricsText.fetch(metricsUrl);
            double[] s = {(System.nanoTime() - start) / 1e9, MetricsText.sum(t, "jvm_memory_used_bytes", "area=\"heap\""),
                MetricsText.sum(t, "benchtap_series_live"), MetricsText.sum(t, "benchtap_streams_open")};
            synchronized (samples) {
              samples.add(s);
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

    /** [seconds since start, heap used bytes, series live, streams open] per sample. */
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
