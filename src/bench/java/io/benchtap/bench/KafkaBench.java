package io.benchtap.bench;

import io.benchtap.kafka.KafkaBridge;
import io.benchtap.kafka.KafkaConfig;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sizing bench of docs/scale-out.md ({@code bin/lib/kafka/bench.sh} runs it against the
 * broker bin/lib/services.sh starts): how many records per second a processor takes, and what a
 * rebalance after a SIGKILL costs. Each phase first produces a backlog to a topic of its own,
 * records exactly as a bridge writes them (key = stream key, headers topic and arrival; real
 * outputs of sysbench, STREAM, iperf3 and HPL, agent headers, {@code started}/{@code finished}
 * statuses), and only then starts the processors ({@code benchtap serve}, role process, JVMs of
 * their own), so the producer and the broker are not what is measured: the clock runs from the
 * first record a processor counted to the last ({@code benchtap_ingest_messages_total}).
 *
 * <p>Usage: {@code java -cp benchtap.jar io.benchtap.kafka.KafkaBench BOOTSTRAP BENCHTAP_JAR
 * FIXTURES_DIR WORK_DIR [RECORDS]}.
 */
public final class KafkaBench {
  private static final int PARTITIONS = 12;
  private static final int STREAMS = 240;
  private static final int LINES_PER_MESSAGE = 5;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String bootstrap;
  private final String jar;
  private final List<Fixtures.Fixture> fixtures;
  private final Path work;
  private final int records;

  private KafkaBench(String bootstrap, String jar, List<Fixtures.Fixture> fixtures, Path work, int records) {
    this.bootstrap = bootstrap;
    this.jar = jar;
    this.fixtures = fixtures;
    this.work = work;
    this.records = records;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: KafkaBench BOOTSTRAP BENCHTAP_JAR FIXTURES_DIR WORK_DIR [RECORDS]");
      System.exit(2);
    }
    List<Fixtures.Fixture> fx = Fixtures.load(Path.of(args[2]), List.of("sysbench", "stream", "iperf3", "hpl"));
    KafkaBench b = new KafkaBench(args[0], args[1], fx, Path.of(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 60_000);
    Files.createDirectories(b.work);
    double one = b.drain("one", 1);
    double two = b.drain("two", 2);
    System.out.printf("processors 2 / 1: %.2f%n", two / one);
    b.rebalance();
  }

  /** Drains a backlog with {@code n} processors; returns records/s over all of them. */
  private double drain(String name, int n) throws Exception {
    String topic = backlog(name);
    List<Proc> procs = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        procs.add(Proc.start(this, topic, name + "-" + i));
      }
      long[] first = {0, 0};
      long last = 0;
      while (true) {
        long c = 0;
        for (Proc p : procs) {
          c += p.messages();
        }
        long now = System.nanoTime();
        if (c > 0 && first[0] == 0) {
          first[0] = now;
          first[1] = c;
        }
        if (c >= records) {
          last = now;
          break;
        }
        Thread.sleep(100);
      }
      double rate = (records - first[1]) / ((last - first[0]) / 1e9);
      System.out.printf("drain %s: %d processor(s), %d records, %.0f records/s%n", name, n, records, rate);
      return rate;
    } finally {
      for (Proc p : procs) {
        p.kill();
      }
    }
  }

  /** Two processors on a backlog; one is SIGKILLed halfway: how long its partitions wait, what is parsed twice. */
  private void rebalance() throws Exception {
    String topic = backlog("rebalance");
    Proc a = Proc.start(this, topic, "rebalance-a");
    Proc b = Proc.start(this, topic, "rebalance-b");
    try {
      long cb;
      while (true) {
        cb = b.messages();
        if (a.messages() + cb >= records / 2) {
          break;
        }
        Thread.sleep(50);
      }
      b.kill();
      long killed = System.nanoTime();
      while (a.owned() < PARTITIONS) {
        Thread.sleep(50);
      }
      double owned = (System.nanoTime() - killed) / 1e9;
      long before = a.messages();
      long stable = System.nanoTime();
      long ca = before;
      while (System.nanoTime() - stable < 5_000_000_000L) {
        Thread.sleep(200);
        long c = a.messages();
        if (c != ca) {
          ca = c;
          stable = System.nanoTime();
        }
      }
      long again = ca + cb - records;
      System.out.printf("rebalance: SIGKILL to all %d partitions owned by the survivor %.1f s (session.timeout.ms 10 s);"
          + " records parsed twice %d (%.1f %% of the backlog; killed processor had counted %d)%n",
          PARTITIONS, owned, again, 100.0 * again / records, cb);
    } finally {
      a.kill();
      b.kill();
    }
  }

  /** Creates a topic and produces the backlog to it, as the bridges would; prints the producer's rate. */
  private String backlog(String name) throws Exception {
    String topic = "bench-" + name + "-" + Long.toString(System.nanoTime(), 36);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)
          .configs(Map.of("max.message.bytes", String.valueOf(KafkaConfig.MAX_RECORD_BYTES))))).all().get(60, TimeUnit.SECONDS);
    }
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("linger.ms", "5");
    p.put("compression.type", "lz4");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      // A topic just created has no leaders for a moment; an idempotent producer that starts
      // then can stay stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries.
      while (producer.partitionsFor(topic).stream().anyMatch(i -> i.leader() == null || i.leader().isEmpty())) {
        Thread.sleep(200);
      }
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      Script s = new Script();
      for (int i = 0; i < records; i++) {
        String[] m = s.next();
        String key = KafkaBridge.keyOf(m[0]);
        long nanos = Instant.now().toEpochMilli() * 1_000_000L;
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, null, key, m[1].getBytes(StandardCharsets.UTF_8),
            List.of(new RecordHeader(KafkaBridge.TOPIC_HEADER, m[0].getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(KafkaBridge.ARRIVAL_HEADER, Long.toString(nanos).getBytes(StandardCharsets.UTF_8))));
        producer.send(r);
      }
      producer.flush();
      System.out.printf("backlog %s: %d records produced (acks=all) at %.0f records/s, before any processor starts%n", name,
          records, records / ((System.nanoTime() - t0) / 1e9));
    }
    return topic;
  }

  /** The agent's messages of {@link #STREAMS} streams in turn, each cycling through one fixture with statuses. */
  private final class Script {
    private final int[] pos = new int[STREAMS];
    private final long[] seq = new long[STREAMS];
    private final int[] run = new int[STREAMS];
    private int turn;

    String[] next() {
      int k = turn;
      turn = (turn + 1) % STREAMS;
      Fixtures.Fixture f = fixtures.get(k % fixtures.size());
      String base = "benchtap/v1/bench-" + k + "/native/r" + run[k] + "/" + f.tool() + "/1/";
      String t = String.format(java.util.Locale.ROOT, "%.6f", System.currentTimeMillis() / 1000.0);
      if (pos[k] == 0 && seq[k] == 0) {
        pos[k] = -1;
        return new String[] {base + "status", "{\"event\":\"started\",\"t\":" + t + ",\"net\":\"host\",\"instances\":1}"};
      }
      int from = Math.max(0, pos[k]);
      if (from >= f.lines().size()) {
        pos[k] = 0;
        seq[k] = 0;
        run[k]++;
        return new String[] {base + "status", "{\"event\":\"finished\",\"t\":" + t + ",\"exitCode\":0}"};
      }
      int to = Math.min(f.lines().size(), from + LINES_PER_MESSAGE);
      pos[k] = to;
      return new String[] {base + "out",
          "@benchtap seq=" + seq[k]++ + " t=" + t + "\n" + String.join("\n", f.lines().subList(from, to))};
    }
  }

  /** A processor: {@code benchtap serve} with role process, in a JVM of its own. */
  private record Proc(Process process, int port) {
    static Proc start(KafkaBench b, String topic, String name) throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      int unused;
      try (ServerSocket s = new ServerSocket(0)) {
        unused = s.getLocalPort();
      }
      List<String> cmd = new ArrayList<>(List.of("java", "-jar", b.jar, "serve", "--http-port", String.valueOf(port),
          "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(unused)));
      for (String s : new String[] {"kafka.bootstrapServers=" + b.bootstrap, "kafka.roles=process", "kafka.linesTopic=" + topic,
          "kafka.resultsTopic=" + topic + "-results", "kafka.group=" + topic, "kafka.partitions=" + PARTITIONS,
          "file.enabled=true", "file.dir=" + b.work.resolve(topic)}) {
        cmd.add("--set");
        cmd.add(s);
      }
      File log = b.work.resolve(name + ".log").toFile();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
      Proc proc = new Proc(p, port);
      long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (proc.metrics() == null) {
        if (!p.isAlive() || System.nanoTime() > until) {
          p.destroyForcibly();
          throw new IOException("processor " + name + " did not start (log: " + log + ")");
        }
        Thread.sleep(200);
      }
      return proc;
    }

    String metrics() {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    long messages() {
      return (long) sum("benchtap_ingest_messages_total");
    }

    long owned() {
      return (long) sum("benchtap_kafka_partitions_owned");
    }

    private double sum(String metric) {
      String text = metrics();
      double s = 0;
      if (text != null) {
        for (String line : text.split("\n")) {
          if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
            s += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
      }
      return s;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
