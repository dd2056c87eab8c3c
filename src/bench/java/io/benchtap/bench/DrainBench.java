package io.benchtap.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchtap-bench bench drain}: how fast benchtap empties a backlog the broker already holds,
 * against a plain {@code mosquitto_sub} emptying the same backlog. Each drain: a persistent session
 * (QoS 1) is created for the consumer's client id, N messages of real fixture output are
 * published and acknowledged by the broker while the consumer is away, and only then is the
 * consumer started and timed until it has taken (and, for benchtap, acknowledged) all N. The
 * publisher has finished before the clock starts, so the consumer and the broker set the pace;
 * the broker's own CPU time is read for each drain to show which of the two was busy.
 * mosquitto_sub and benchtap alternate, round by round, in one run.
 */
public final class DrainBench {
  /**
   * What to measure. {@code brokerPid} 0: broker CPU not read. {@code jfr}: when not null, a Java
   * Flight Recording (settings "profile") of benchtap's measured drains only is written there.
   */
  public record Options(String host, int port, String topicPrefix, List<Fixtures.Fixture> fixtures, int streams, int messages,
      int warmupMessages, int rounds, long brokerPid, Map<String, String> serveFlags, Path jfr) {}

  /**
   * One drain: wall seconds from the consumer's first message to its last; CPU seconds of the
   * consumer and of the broker over the drain; benchtap's heap (peak during the drain and after
   * a GC at its end; 0 for mosquitto_sub).
   */
  public record Drain(String consumer, int round, long messages, double seconds, double cpuSeconds, double brokerCpuSeconds,
      long heapPeak, long heapAfterGc) {
    double rate() {
      return seconds > 0 ? messages / seconds : Double.NaN;
    }
  }

  private static final String SUB = "mosquitto_sub";
  private static final String BENCHTAP = "benchtap";

  private final Options o;
  private final PrintStream log;

  public DrainBench(Options o, PrintStream log) {
    this.o = o;
    this.log = log;
  }

  /** Runs the warm-up and the rounds; the drains in the order they ran. */
  public List<Drain> run() throws Exception {
    List<Drain> out = new ArrayList<>();
    if (o.warmupMessages() > 0) {
      log.printf("drain: warm-up, benchtap drains %,d messages (not reported)%n", o.warmupMessages());
      drain(BENCHTAP, 0, o.warmupMessages());
    }
    for (int r = 1; r <= o.rounds(); r++) {
      List<String> order = r % 2 == 1 ? List.of(SUB, BENCHTAP) : List.of(BENCHTAP, SUB);
      for (String consumer : order) {
        Drain d = drain(consumer, r, o.messages());
        log.printf(Locale.ROOT, "drain: round %d %-13s %,9d messages in %6.3f s = %,8.0f/s, CPU %5.1f µs/message, broker CPU %5.1f µs/message%n",
            r, consumer, d.messages(), d.seconds(), d.rate(), Cpu.perMessage(d.cpuSeconds(), d.messages()),
            Cpu.perMessage(d.brokerCpuSeconds(), d.messages()));
        out.add(d);
      }
    }
    return out;
  }

  private Drain drain(String consumer, int round, int n) throws Exception {
    String clientId = "bench-drain-" + consumer.replace('_', '-') + "-" + ProcessHandle.current().pid();
    BaselineSubscriber.clearSession(o.host(), o.port(), clientId);
    createSession(clientId);
    fill(n, "drain" + round + "-" + consumer.replace('_', '-'));
    try {
      return consumer.equals(SUB) ? drainWithSub(clientId, round, n) : drainWithBenchtap(clientId, round, n);
    } finally {
      BaselineSubscriber.clearSession(o.host(), o.port(), clientId);
    }
  }

  /** A persistent QoS 1 subscription to the prefix for the client id, then gone: the broker queues. */
  private void createSession(String clientId) throws Exception {
    Process p = new ProcessBuilder("mosquitto_sub", "-h", o.host(), "-p", String.valueOf(o.port()), "-i", clientId, "-c", "-q", "1",
        "-t", o.topicPrefix() + "/#", "-E").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("mosquitto_sub -E could not create the session of " + clientId + " on " + o.host() + ":" + o.port());
    }
  }

  /** Publishes n messages of the fixtures over the streams and waits until the broker acknowledged all. */
  private void fill(int n, String run) throws Exception {
    StreamSet set = new StreamSet(o.topicPrefix(), o.fixtures(), o.streams(), run, 1);
    long t0 = System.nanoTime();
    try (Publishers pubs = new Publishers(o.host(), o.port(), "bench-drain-pub-" + ProcessHandle.current().pid(), 4, 64)) {
      pubs.start(Duration.ofSeconds(20));
      for (int i = 0; i < n; i++) {
        StreamSet.Msg m = set.next();
        pubs.publish(m.stream(), m.topic(), m.payload());
      }
      if (!pubs.drained(Duration.ofMinutes(5))) {
        throw new IllegalStateException("the broker did not acknowledge the backlog: " + pubs.acknowledged() + " of " + n);
      }
    }
    log.printf(Locale.ROOT, "drain: backlog of %,d messages queued and acknowledged by the broker in %.1f s%n", n,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * {@code mosquitto_sub -C n} on the session, its output discarded; the wall time is the
   * process's life (a C client connects in about a millisecond), its CPU time is read from the
   * shell that waited for it ({@code cutime + cstime} in {@code /proc/self/stat}).
   */
  private Drain drainWithSub(String clientId, int round, int n) throws Exception {
    String sub = String.join(" ", "mosquitto_sub", "-h", o.host(), "-p", String.valueOf(o.port()), "-i", clientId, "-c", "-q", "1",
        "-t", "'" + o.topicPrefix() + "/#'", "-C", String.valueOf(n));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", sub + " >/dev/null; rc=$?; cat /proc/$$/stat; exit $rc")
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    double broker0 = brokerCpu();
    long t0 = System.nanoTime();
    Process p = pb.start();
    String stat = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("mosquitto_sub did not drain " + n + " messages (exit " + p.exitValue() + ")");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double broker = brokerCpu() - broker0;
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    double cpu = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // cutime + cstime, USER_HZ ticks
    return new Drain(SUB, round, n, seconds, cpu, broker, 0, 0);
  }

  /**
   * A fresh benchtap in this JVM (the serve verticles, Prometheus sink and HTTP) on the session.
   * The clock runs from its first message taken in to the moment all n were taken in and none
   * is left unacknowledged; its deployment (before it connects) is not timed. Sampled every
   * millisecond, so the time is exact to about 2 ms.
   */
  private Drain drainWithBenchtap(String clientId, int round, int n) throws Exception {
    Map<String, String> flags = InProcessServe.benchFlags(o.host(), o.port(), o.topicPrefix(), clientId);
    // A fresh directory per drain for the file sink and the InfluxDB spool (when they are on):
    // what an earlier drain left there would be recovered at start-up.
    Path dir = java.nio.file.Files.createTempDirectory("benchtap-drain");
    flags.put("file.dir", dir.resolve("data").toString());
    flags.put("influx.spoolDir", dir.resolve("spool").toString());
    flags.putAll(o.serveFlags());
    try {
      return drainWithBenchtap(flags, round, n);
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  private Drain drainWithBenchtap(Map<String, String> flags, int round, int n) throws Exception {
    double broker0 = brokerCpu();
    jdk.jfr.Recording rec = round > 0 && o.jfr() != null ? profile() : null;
    try (HeapWatch heap = new HeapWatch(); InProcessServe serve = new InProcessServe(flags)) {
      Counter out = null;
      Counter status = null;
      Gauge unacked = null;
      long start = 0;
      double cpu0 = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (true) {
        if (out == null || status == null || unacked == null) {
          out = serve.serve.registry().find("benchtap.ingest.messages").tag("kind", "out").counter();
          status = serve.serve.registry().find("benchtap.ingest.messages").tag("kind", "status").counter();
          unacked = serve.serve.registry().find("benchtap.queue.depth").tag("queue", "unacked").gauge();
        }
        double taken = (out == null ? 0 : out.count()) + (status == null ? 0 : status.count());
        long now = System.nanoTime();
        if (start == 0 && taken > 0) {
          start = now;
          cpu0 = Cpu.jvmSeconds();
        }
        if (taken >= n && unacked != null && unacked.value() == 0) {
          double seconds = (now - start) / 1e9;
          double cpu = Cpu.jvmSeconds() - cpu0;
          double broker = brokerCpu() - broker0;
          if (rec != null) {
            rec.stop();
          }
          return new Drain(BENCHTAP, round, n, seconds, cpu, broker, heap.max(), heap.afterGc());
        }
        if (now > deadline) {
          throw new IllegalStateException("benchtap took in " + (long) taken + " of " + n + " messages in 10 minutes");
        }
        Thread.sleep(1);
      }
    } finally {
      if (rec != null) {
        rec.dump(o.jfr().resolveSibling(o.jfr().getFileName() + ".round" + round + ".jfr"));
        rec.close();
      }
    }
  }

  private static jdk.jfr.Recording profile() throws Exception {
    jdk.jfr.Recording rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    rec.start();
    return rec;
  }

  private double brokerCpu() {
    return o.brokerPid() > 0 ? Cpu.processSeconds(o.brokerPid()) : Double.NaN;
  }

  /** The drains as a table, with each round's ratio benchtap / mosquitto_sub and their median. */
  public static String table(List<Drain> drains) {
    StringBuilder sb = new StringBuilder();
    sb.append("| round | consumer | messages | seconds | messages/s | CPU µs/message | broker CPU µs/message | heap peak MiB | heap after GC MiB |\n")
        .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Drain d : drains) {
      sb.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.3f | %,.0f | %.1f | %.1f | %s | %s |%n", d.round(), d.consumer(),
          d.messages(), d.seconds(), d.rate(), Cpu.perMessage(d.cpuSeconds(), d.messages()),
          Cpu.perMessage(d.brokerCpuSeconds(), d.messages()), d.consumer().equals(SUB) ? "-" : mib(d.heapPeak()),
          d.consumer().equals(SUB) ? "-" : mib(d.heapAfterGc())));
    }
    List<Double> ratios = ratios(drains);
    sb.append('\n');
    for (int i = 0; i < ratios.size(); i++) {
      sb.append(String.format(Locale.ROOT, "round %d: drain ratio benchtap / mosquitto_sub = %.2f%n", i + 1, ratios.get(i)));
    }
    sb.append(String.format(Locale.ROOT, "drain ratio (median of %d rounds) = %.2f%n", ratios.size(), BenchRunner.median(ratios)));
    return sb.toString();
  }

  /** Per round: benchtap's rate over mosquitto_sub's. */
  static List<Double> ratios(List<Drain> drains) {
    Map<Integer, double[]> byRound = new LinkedHashMap<>();
    for (Drain d : drains) {
      double[] r = byRound.computeIfAbsent(d.round(), k -> new double[] {Double.NaN, Double.NaN});
      r[d.consumer().equals(SUB) ? 0 : 1] = d.rate();
    }
    return byRound.values().stream().map(r -> r[1] / r[0]).toList();
  }

  public static JsonObject json(List<Drain> drains) {
    JsonArray a = new JsonArray();
    for (Drain d : drains) {
      a.add(new JsonObject().put("round", d.round()).put("consumer", d.consumer()).put("messages", d.messages())
          .put("seconds", d.seconds()).put("rate", d.rate()).put("cpuSeconds", d.cpuSeconds())
          .put("brokerCpuSeconds", d.brokerCpuSeconds()).put("heapPeakBytes", d.heapPeak()).put("heapAfterGcBytes", d.heapAfterGc()));
    }
    return new JsonObject().put("drains", a).put("ratios", new JsonArray(ratios(drains)))
        .put("medianRatio", BenchRunner.median(ratios(drains)));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }
}
