package io.benchtap.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code benchtap-bench bench scrape}: what a large /metrics costs while ingest runs. A fresh benchtap
 * in this JVM first receives one devhealth line from each of {@code series} devices
 * ({@code scrape-0}, {@code scrape-1}, ...: one live series each), then the usual replay of the
 * fixtures runs open loop at {@code rate} twice for {@code seconds}: once without scrapes
 * ("ingest"), once while {@code scrapers} clients fetch /metrics back to back, as Prometheus
 * asks for it ("ingest+scrape"). Per phase: publish-to-sink latency of the replayed lines,
 * the lag of timers on every event loop of benchtap's Vert.x (a blocked event loop shows as
 * lag), the scrapes' size and duration, and the largest heap and resident memory seen.
 */
public final class ScrapeBench {
  /** What Prometheus 2.x sends. */
  public static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** Everything the command line sets. */
  public record Options(String host, int port, String topicPrefix, Path fixtures, List<String> tools, int series, int streams,
      double rate, double seconds, double warmupSeconds, int scrapers, long pauseMs, String accept, int window,
      Map<String, String> serveFlags) {}

  /** The scrapes of one phase: how many, their size and their duration as the client saw it. */
  public record Scrapes(long count, long failed, long minBytes, long maxBytes, double p50Ms, double maxMs) {}

  /** One phase. */
  public record Phase(String name, double seconds, long publishedOut, long consumedOut, double outRate, LatencyProbe.Latency latency,
      EventLoopProbe.Lag loopLag, Scrapes scrapes, long heapMaxBytes, long rssMaxBytes, boolean complete) {}

  /** The set-up: the series created and what they cost at rest. */
  public record Populate(int series, double seconds, double seriesLive, long heapBeforeBytes, long heapAfterGcBytes,
      long rssBytes, boolean complete) {}

  /** Everything measured. */
  public record Report(JsonObject setup, Populate populate, List<Phase> phases, long peakRssBytes, long heapLimitBytes) {}

  private final Options o;
  private final PrintStream log;
  private final String id = "benchtap-scrape-" + ProcessHandle.current().pid();
  private final String runId = "s" + System.currentTimeMillis() / 1000;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  public ScrapeBench(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  public Report run() throws Exception {
    List<Fixtures.Fixture> fixtures = Fixtures.load(o.fixtures(), o.tools());
    JsonObject setup = new JsonObject().put("broker", o.host() + ":" + o.port()).put("series", o.series())
        .put("streams", o.streams()).put("rate", o.rate()).put("seconds", o.seconds()).put("warmupSeconds", o.warmupSeconds())
        .put("scrapers", o.scrapers()).put("pauseMs", o.pauseMs()).put("accept", o.accept()).put("tools", String.join(",", o.tools()))
        .put("availableProcessors", Runtime.getRuntime().availableProcessors())
        .put("serve", new JsonObject(new LinkedHashMap<>(serveFlags())));
    log.printf("bench scrape: %d device series, then %d streams of %d fixtures at %.0f msgs/s, broker %s:%d%n", o.series(),
        o.streams(), fixtures.size(), o.rate(), o.host(), o.port());
    List<Phase> phases = new ArrayList<>();
    Populate populate;
    try (Publishers pubs = new Publishers(o.host(), o.port(), id, 4, 64);
         MemorySampler mem = new MemorySampler()) {
      pubs.start(Duration.ofSeconds(30));
      try (InProcessServe serve = new InProcessServe(serveFlags());
           LatencyProbe probe = new LatencyProbe(serve.vertx);
           EventLoopProbe loops = new EventLoopProbe(serve.vertx, 4 * Runtime.getRuntime().availableProcessors(), 5)) {
        Pacer pacer = new Pacer(pubs, serve::outMessages, o.window());
        populate = populate(serve, pubs, pacer);
        log.println(populate);
        String url = serve.metricsUrl();
        if (o.warmupSeconds() > 0) {
          phase("warmup", serve, pubs, pacer, probe, loops, mem, url, fixtures, o.warmupSeconds(), true);
        }
        phases.add(log(phase("ingest", serve, pubs, pacer, probe, loops, mem, url, fixtures, o.seconds(), false)));
        phases.add(log(phase("ingest+scrape", serve, pubs, pacer, probe, loops, mem, url, fixtures, o.seconds(), true)));
      } finally {
        BaselineSubscriber.clearSession(o.host(), o.port(), id + "-serve");
      }
    }
    return new Report(setup, populate, phases, ProcessMemory.peakRss(), memory.getHeapMemoryUsage().getMax());
  }

  private <T> T log(T t) {
    log.println(t);
    return t;
  }

  Map<String, String> serveFlags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("mqtt.host", o.host());
    f.put("mqtt.port", String.valueOf(o.port()));
    f.put("mqtt.clientId", id + "-serve");
    f.put("mqtt.topicPrefix", o.topicPrefix());
    f.put("http.port", "0");
    f.put("file.enabled", "false");
    // Room for every device series and the replay's, whatever the default limit is.
    f.put("prometheus.maxSeries", String.valueOf(o.series() + 100_000));
    f.putAll(o.serveFlags());
    return f;
  }

  /** One devhealth message from each of {@code series} devices: one live series each. */
  private Populate populate(InProcessServe serve, Publishers pubs, Pacer pacer) throws Exception {
    long heapBefore = afterGc();
    Fixtures.Fixture line = new Fixtures.Fixture("devhealth", "scrape", List.of("memory_available_bytes 1048576"), null);
    StreamSet devices = new StreamSet(o.topicPrefix(), List.of(line), o.series(), runId + "-series", 1, "scrape-");
    long base = serve.outMessages();
    Pacer.Sent sent = pacer.once(devices);
    boolean complete = pubs.drained(Duration.ofSeconds(300)) && BenchRunner.waitFor(serve::outMessages, base + sent.outMessages(), 300)
        && BenchRunner.waitFor(() -> (long) seriesLive(serve), o.series(), 30);
    double seconds = (System.nanoTime() - sent.startNanos()) / 1e9;
    return new Populate(o.series(), seconds, seriesLive(serve), heapBefore, afterGc(), ProcessMemory.rss(), complete);
  }

  private static double seriesLive(InProcessServe serve) {
    var g = serve.serve.registry().find("benchtap.series.live").gauge();
    return g == null ? 0 : g.value();
  }

  private Phase phase(String name, InProcessServe serve, Publishers pubs, Pacer pacer, LatencyProbe probe, EventLoopProbe loops,
      MemorySampler mem, String url, List<Fixtures.Fixture> fixtures, double seconds, boolean scraping) throws Exception {
    String run = runId + "-" + name.replace('+', '-');
    probe.arm(run);
    loops.reset();
    mem.reset();
    StreamSet streams = new StreamSet(o.topicPrefix(), fixtures, o.streams(), run, 1);
    long before = serve.outMessages();
    Pacer.Sent sent;
    Scrapes scrapes = null;
    try (Scrapers s = scraping ? new Scrapers(url, o.scrapers(), o.pauseMs(), o.accept()) : null) {
      sent = pacer.run(streams, o.rate(), seconds);
      if (s != null) {
        scrapes = s.stop();
      }
    }
    boolean complete = pubs.drained(Duration.ofSeconds(120)) && BenchRunner.waitFor(serve::outMessages, before + sent.outMessages(), 120);
    EventLoopProbe.Lag lag = loops.lag();
    return new Phase(name, sent.seconds(), sent.outMessages(), serve.outMessages() - before, sent.outRate(), probe.latency(), lag,
        scrapes, mem.maxHeap(), mem.maxRss(), complete);
  }

  private long afterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      memory.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Clients that GET /metrics back to back (with a pause) until stopped, counting bytes without keeping them. */
  static final class Scrapers implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Histogram durations = new Histogram(3);
    private final AtomicLong failed = new AtomicLong();
    private long minBytes = Long.MAX_VALUE;
    private long maxBytes;
    private volatile boolean running = true;

    Scrapers(String url, int clients, long pauseMs, String accept) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).timeout(Duration.ofSeconds(120)).build();
      for (int i = 0; i < clients; i++) {
        Thread t = new Thread(() -> {
          while (running) {
            scrape(request);
            if (pauseMs > 0) {
              try {
                Thread.sleep(pauseMs);
              } catch (InterruptedException e) {
                return;
              }
            }
          }
        }, "bench-scraper-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    private void scrape(HttpRequest request) {
      AtomicLong bytes = new AtomicLong();
      long t0 = System.nanoTime();
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(
            chunk -> chunk.ifPresent(b -> bytes.addAndGet(b.length))));
        long micros = (System.nanoTime() - t0) / 1000;
        synchronized (this) {
          if (r.statusCode() != 200) {
            failed.incrementAndGet();
            return;
          }
          durations.recordValue(micros);
          minBytes = Math.min(minBytes, bytes.get());
          maxBytes = Math.max(maxBytes, bytes.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.io.IOException e) {
        failed.incrementAndGet();
      }
    }

    /** Lets the scrapes in progress finish, then returns what they saw. */
    Scrapes stop() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(180_000);
      }
      synchronized (this) {
        return new Scrapes(durations.getTotalCount(), failed.get(), durations.getTotalCount() == 0 ? 0 : minBytes, maxBytes,
            durations.getValueAtPercentile(50) / 1000.0, durations.getMaxValue() / 1000.0);
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  /** The largest used heap and resident set size seen since the last reset, sampled every 100 ms. */
  static final class MemorySampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile long maxHeap;
    private volatile long maxRss;
    private volatile boolean running = true;

    MemorySampler() {
      thread = new Thread(() -> {
        while (running) {
          maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
          maxRss = Math.max(maxRss, ProcessMemory.rss());
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-memory");
      thread.setDaemon(true);
      thread.start();
    }

    void reset() {
      maxHeap = 0;
      maxRss = 0;
    }

    long maxHeap() {
      return maxHeap;
    }

    long maxRss() {
      return maxRss;
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }

  /** The human-readable table. */
  public static String table(Report r) {
    StringBuilder sb = new StringBuilder();
    Populate p = r.populate();
    sb.append(String.format(Locale.ROOT, "series: %d devices one devhealth line each in %.1f s: benchtap_series_live %.0f,"
            + " heap after GC %.1f MB (%.1f MB before), RSS %.0f MB%s%n", p.series(), p.seconds(), p.seriesLive(),
        BenchReport.mb(p.heapAfterGcBytes()), BenchReport.mb(p.heapBeforeBytes()), BenchReport.mb(p.rssBytes()),
        p.complete() ? "" : " (INCOMPLETE)"));
    sb.append(String.format(Locale.ROOT, "%-14s %8s %10s %8s %8s %8s %19s %8s %13s %19s %11s %10s%n", "phase", "seconds", "msgs/s",
        "p50 ms", "p99 ms", "max ms", "loop lag p99/max ms", "scrapes", "bytes/scrape", "scrape p50/max ms", "heap max MB",
        "RSS max MB"));
    for (Phase ph : r.phases()) {
      LatencyProbe.Latency l = ph.latency();
      boolean hasL = l != null && l.count() > 0;
      Scrapes s = ph.scrapes();
      sb.append(String.format(Locale.ROOT, "%-14s %8.1f %10.0f %8s %8s %8s %19s %8s %13s %19s %11.1f %10.0f%s%n", ph.name(), ph.seconds(),
          ph.outRate(), hasL ? fmt(l.p50()) : "-", hasL ? fmt(l.p99()) : "-", hasL ? fmt(l.max()) : "-",
          fmt(ph.loopLag().p99()) + " / " + fmt(ph.loopLag().max()),
          s == null ? "-" : s.count() + (s.failed() > 0 ? " (" + s.failed() + " failed)" : ""),
          s == null || s.count() == 0 ? "-" : String.valueOf(s.maxBytes()),
          s == null || s.count() == 0 ? "-" : fmt(s.p50Ms()) + " / " + fmt(s.maxMs()),
          BenchReport.mb(ph.heapMaxBytes()), BenchReport.mb(ph.rssMaxBytes()), ph.complete() ? "" : "  (INCOMPLETE)"));
    }
    for (Phase ph : r.phases()) {
      sb.append(String.format(Locale.ROOT, "%-14s loop lag max per event loop (ms): %s%n", ph.name(),
          ph.loopLag().perLoopMax().stream().map(ScrapeBench::fmt).toList()));
    }
    sb.append(String.format(Locale.ROOT, "event loops probed: %d (a timer every 5 ms on each); peak RSS of this JVM (VmHWM) %.0f MB,"
        + " heap limit %.0f MB%n", r.phases().isEmpty() ? 0 : r.phases().get(0).loopLag().loops(), BenchReport.mb(r.peakRssBytes()),
        BenchReport.mb(r.heapLimitBytes())));
    sb.append("latency: publish -> benchtap -> sinks of the replayed lines; loop lag: how late a 5 ms timer ran on any event loop;"
        + " heap and RSS: this JVM (load generator and benchtap)\n");
    return sb.toString();
  }

  public static JsonObject json(Report r) {
    Populate p = r.populate();
    JsonObject out = new JsonObject().put("setup", r.setup()).put("populate", new JsonObject().put("series", p.series())
        .put("seconds", BenchReport.round(p.seconds())).put("seriesLive", p.seriesLive()).put("heapBeforeBytes", p.heapBeforeBytes())
        .put("heapAfterGcBytes", p.heapAfterGcBytes()).put("rssBytes", p.rssBytes()).put("complete", p.complete()));
    var phases = new io.vertx.core.json.JsonArray();
    for (Phase ph : r.phases()) {
      JsonObject j = new JsonObject().put("name", ph.name()).put("seconds", BenchReport.round(ph.seconds()))
          .put("publishedOut", ph.publishedOut()).put("consumedOut", ph.consumedOut()).put("outMessagesPerSecond", BenchReport.round(ph.outRate()))
          .put("loopLagMs", new JsonObject().put("samples", ph.loopLag().samples()).put("p50", BenchReport.round(ph.loopLag().p50()))
              .put("p99", BenchReport.round(ph.loopLag().p99())).put("max", BenchReport.round(ph.loopLag().max()))
              .put("loops", ph.loopLag().loops())
              .put("maxPerLoop", new io.vertx.core.json.JsonArray(ph.loopLag().perLoopMax().stream().map(BenchReport::round).toList())))
          .put("heapMaxBytes", ph.heapMaxBytes()).put("rssMaxBytes", ph.rssMaxBytes()).put("complete", ph.complete());
      LatencyProbe.Latency l = ph.latency();
      if (l != null && l.count() > 0) {
        j.put("latencyMs", new JsonObject().put("count", l.count()).put("p50", BenchReport.round(l.p50()))
            .put("p99", BenchReport.round(l.p99())).put("max", BenchReport.round(l.max())));
      }
      Scrapes s = ph.scrapes();
      if (s != null) {
        j.put("scrapes", new JsonObject().put("count", s.count()).put("failed", s.failed()).put("minBytes", s.minBytes())
            .put("maxBytes", s.maxBytes()).put("p50Ms", BenchReport.round(s.p50Ms())).put("maxMs", BenchReport.round(s.maxMs())));
      }
      phases.add(j);
    }
    return out.put("phases", phases).put("peakRssBytes", r.peakRssBytes()).put("heapLimitBytes", r.heapLimitBytes());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }
}
