package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * benchtap spread over Kafka (docs/scale-out.md), every role a {@code benchtap serve} JVM of its
 * own against the real Mosquitto and the real single-node Kafka that bin/test starts: 2 bridges
 * (slots 1/2 and 2/2), 3 processors in one consumer group writing per-partition logs under one
 * data directory, 2 analysis instances in one group (one reads the results, one waits). The input is real captured output of sysbench, STREAM,
 * iperf3 and HPL ({@link FixtureStreams}: 168 streams, native and LXC, with agent headers and
 * statuses). In the middle of the streams one processor and one bridge are SIGKILLed (the bridge
 * comes back under its client id, as a supervisor restarts it), later a fourth processor joins.
 * Then each stream's lines in the processors' logs must be, line for line and in order, what one
 * instance's pipeline makes of the same messages in the agent's order ({@link InOrderReference}:
 * every measurement once, nothing lost, nothing reordered), and the active analysis instance's
 * /api/overhead must be that instance's overheads; the waiting one shows none until the active one
 * is SIGKILLed, then the same. (The reference is not a second
 * {@code benchtap serve} on the broker: Mosquitto 2.0.11 hands a slow subscriber's queued
 * backlog over behind newer messages, and statuses have no seq to put them back in order.)
 *
 * <p>It was quarantined while, in 2 of 17 runs on a loaded machine, the last records of a few
 * streams never reached the processors' logs: vertx-kafka-client's record handler drops the
 * fetched records of other partitions at every seek ({@code KafkaFeedIT}); the processor now takes
 * a poll's records whole ({@code KafkaFeed}), and this test asserts that the guard which would read
 * such records again stayed idle. When the logs differ it dumps the lines topic beside them.
 */
class KafkaScaleIT {
  private static final Path OUTPUTS = Path.of("src/test/resources/outputs").toAbsolutePath();
  private static final List<String> TOOLS = List.of("sysbench", "stream", "iperf3", "hpl");
  private static final Pattern ENV = Pattern.compile(",env=([^, ]+)");
  private static final Pattern RUN = Pattern.compile(",run=([^, ]+)");
  /** How long a processor waits for a missing seq: longer than a bridge restart on a loaded machine (30 s seen). */
  private static final int HOLD_MS = 60_000;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killedProcessorAndBridgeChangeNothingAgainstOneInstance() throws Exception {
    String id = Long.toString(System.nanoTime(), 36);
    FixtureStreams in = FixtureStreams.build(OUTPUTS, TOOLS, "kdev-" + id, "camp-" + id, 5);
    Path data = dir.resolve("data");
    String[] common = ItEnv.kafkaSettings(id, "analysis.minSamples=2", "kafka.reorderHoldMs=" + HOLD_MS);
    List<ServeProcess> all = new ArrayList<>();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      List<ServeProcess> processors = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        processors.add(processor(all, broker, common, data, i, id));
      }
      ServeProcess analysis = start(all, broker, "analysis", common, "kafka.roles=analysis", "file.enabled=false",
          "mqtt.clientId=a-" + id);
      // A second analysis instance in the same group: the results topic has one partition, so one of them waits.
      ServeProcess standby = start(all, broker, "analysis-standby", common, "kafka.roles=analysis", "file.enabled=false",
          "mqtt.clientId=a2-" + id);
      for (int i = 1; i <= 2; i++) {
        bridge(all, broker, common, i, id, "");
      }
      try (FixtureStreams.Publication pub = in.publish(broker.port, "kafka-it-pub-" + id, 2)) {
        int n = in.script.size();
        ItEnv.await("a third published", Duration.ofSeconds(120), () -> pub.published.get() >= n / 3);
        processors.get(1).kill();
        all.get(all.size() - 1).kill();
        // A supervisor brings the bridge back under its client id: Mosquitto kept its session's messages.
        bridge(all, broker, common, 2, id, "b");
        ItEnv.await("two thirds published", Duration.ofSeconds(180), () -> pub.published.get() >= 2 * n / 3);
        processors.add(processor(all, broker, common, data, 4, id));
        pub.awaitAcked(300);
        assertThat(pub.errors).isEmpty();
      }
      InOrderReference one = new InOrderReference(in, analysisConfig());
      Map<String, List<String>> want = byStream(one.lines, in.device);
      assertThat(want).as("reference: a finished event per stream").hasSize(in.streams);
      Map<String, List<String>> got = settle(() -> byStream(lines(data), in.device), in.streams);
      int lines = 0;
      try {
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (Map.Entry<String, List<String>> e : want.entrySet()) {
          assertThat(got.get(e.getKey())).as("lines of stream %s in the processors' logs", e.getKey())
              .containsExactlyElementsOf(e.getValue());
          lines += e.getValue().size();
        }
      } catch (AssertionError e) {
        // What Kafka holds, beside the logs: tells a record never produced from one not processed.
        dumpTopic(ItEnv.env("BENCHTAP_IT_KAFKA"), "lines-" + id, dir.resolve("kafka-lines.txt"));
        throw e;
      }
      String wantOverhead = one.overheadJson();
      List<ServeProcess> analyses = List.of(analysis, standby);
      try {
        ItEnv.await("an analysis instance's /api/overhead equal to one instance's", Duration.ofSeconds(120),
            () -> analyses.stream().anyMatch(a -> overhead(a).equals(wantOverhead)));
      } finally {
        // On failure: what differs.
        assertThat(analyses.stream().map(KafkaScaleIT::overhead).toList()).contains(wantOverhead);
      }
      ServeProcess active = overhead(analysis).equals(wantOverhead) ? analysis : standby;
      ServeProcess waiting = active == analysis ? standby : analysis;
      assertThat(overhead(waiting)).as("the other analysis instance, while the active one lives").isEqualTo("[]");
      active.kill();
      ItEnv.await("the other analysis instance's /api/overhead equal to one instance's after the active one's SIGKILL",
          Duration.ofSeconds(120), () -> overhead(waiting).equals(wantOverhead));
      JsonArray cells = new JsonArray(wantOverhead);
      long judged = cells.stream().filter(c -> new io.vertx.core.json.JsonObject((String) c).getBoolean("judged", false)).count();
      assertThat(judged).as("overhead cells judged (both sides with analysis.minSamples values)").isPositive();
      double waited = 0;
      double refetched = 0;
      for (ServeProcess p : processors) {
        if (p.isAlive()) {
          waited += p.sample("benchtap_kafka_status_waited_total");
          refetched += p.sample("benchtap_kafka_refetches_total");
        }
      }
      System.out.printf("KafkaScaleIT: %d streams, %d messages, %d lines equal to one instance; %d overhead cells (%d judged)"
          + " equal; replayed after the kill: %.0f; finished statuses that waited for their output: %.0f;"
          + " partitions read again after fetched records went undelivered: %.0f%n", in.streams,
          in.script.size(), lines, cells.size(), judged, processors.get(3).sample("benchtap_ingest_duplicates_total"), waited,
          refetched);
      // Every record a poll fetched reaches the processor (KafkaFeed): the guard behind this counter stays idle.
      assertThat(refetched).as("partitions read again because fetched records were not handed on").isZero();
    } finally {
      for (ServeProcess p : all) {
        if (p.isAlive()) {
          // Each instance's counters beside its log (the directory is kept when the test fails).
          try {
            Files.writeString(Path.of(p.log.getPath().replaceAll("\\.log$", ".metrics")), p.metrics());
          } catch (RuntimeException | IOException e) {
            // the instance is going away: its log says enough
          }
        }
        p.close();
      }
    }
  }

  private ServeProcess processor(List<ServeProcess> all, OwnMosquitto broker, String[] common, Path data, int i, String id)
      throws Exception {
    return start(all, broker, "process-" + i, common, "kafka.roles=process", "file.enabled=true", "file.dir=" + data,
        "mqtt.clientId=p" + i + "-" + id);
  }

  private ServeProcess bridge(List<ServeProcess> all, OwnMosquitto broker, String[] common, int i, String id, String again)
      throws Exception {
    return start(all, broker, "bridge-" + i + again, common, "kafka.roles=bridge", "kafka.bridgeSlot=" + i + "/2",
        "mqtt.clientId=b" + i + "-" + id);
  }

  /** /api/overhead, its cells in a stable order. */
  private static String overhead(ServeProcess p) {
    return sorted(new JsonArray(ItEnv.http("http://127.0.0.1:" + p.httpPort + "/api/overhead").body()));
  }

  /**
   * Overhead cells as JSON, in a stable order, fields by name, numbers to 10 significant digits: a cell's
   * repetitions reach the analyzer in another order through the partitions than in one
   * instance, and the order of a sum changes its last bits (never more).
   */
  static String sorted(JsonArray a) {
    List<String> cells = new ArrayList<>();
    a.forEach(c -> cells.add(rounded((io.vertx.core.json.JsonObject) c).encode()));
    cells.sort(null);
    return new JsonArray(new ArrayList<>(cells)).encode();
  }

  private static io.vertx.core.json.JsonObject rounded(io.vertx.core.json.JsonObject o) {
    io.vertx.core.json.JsonObject r = new io.vertx.core.json.JsonObject();
    // Fields in name order: the label maps of a cell keep their own order on each side.
    for (String k : new java.util.TreeSet<>(o.fieldNames())) {
      Object v = o.getValue(k);
      if (v instanceof io.vertx.core.json.JsonObject j) {
        v = rounded(j);
      } else if (v instanceof Double || v instanceof Float) {
        double d = ((Number) v).doubleValue();
        v = !Double.isFinite(d) ? v : Math.abs(d) < 1e-12 ? 0.0 : new java.math.BigDecimal(d).round(new java.math.MathContext(10)).doubleValue();
      }
      r.put(k, v);
    }
    return r;
  }

  /** The lines of every {@code *.lp} file under {@code root}, file after file (by path), in file order. */
  static List<String> lines(Path root) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".lp")).sorted().toList()) {
        out.addAll(Files.readAllLines(f));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read " + root + ": " + e);
    }
    return out;
  }

  /**
   * The line-protocol lines of the device's streams (instance 1: not the overhead exports) by
   * stream (env/run), in order; a stream counts once its {@code finished} event is there.
   */
  static Map<String, List<String>> byStream(List<String> lines, String device) {
    Map<String, List<String>> out = new TreeMap<>();
    Map<String, Boolean> finished = new TreeMap<>();
    for (String line : lines) {
      if (line.startsWith("#") || !line.contains(",device=" + device + ",") || !line.contains(",instance=1")) {
        continue;
      }
      Matcher env = ENV.matcher(line);
      Matcher run = RUN.matcher(line);
      if (env.find() && run.find()) {
        String stream = env.group(1) + "/" + run.group(1);
        out.computeIfAbsent(stream, k -> new ArrayList<>()).add(line);
        if (line.contains(",event=finished")) {
          finished.put(stream, true);
        }
      }
    }
    out.keySet().retainAll(finished.keySet());
    return out;
  }

  /** The analysis section with analysis.minSamples=2, as the analysis instance runs it. */
  static io.benchtap.analyze.AnalysisConfig analysisConfig() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      return io.benchtap.serve.BenchtapConfig.from(io.benchtap.config.ConfigLoader.load(vertx, null,
          Map.of("analysis.minSamples", "2"), Map.of()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .analysis();
    } finally {
      vertx.close();
    }
  }

  /**
   * Polls until every stream is finished and nothing changed for 10 s, or nothing changed for
   * longer than the hold (at most 400 s).
   */
  private static Map<String, List<String>> settle(Supplier<Map<String, List<String>>> read, int streams)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(400).toNanos();
    long since = System.nanoTime();
    Map<String, List<String>> last = read.get();
    while (System.nanoTime() < deadline) {
      long quiet = (System.nanoTime() - since) / 1_000_000_000L;
      if (quiet >= HOLD_MS / 1000 + 20 || (last.size() == streams && quiet >= 10)) {
        break;
      }
      Thread.sleep(500);
      Map<String, List<String>> now = read.get();
      if (!now.equals(last)) {
        since = System.nanoTime();
      }
      last = now;
    }
    return last;
  }

  private ServeProcess start(List<ServeProcess> all, OwnMosquitto broker, String name, String[] common, String... more)
      throws Exception {
    return ServeProcess.startNamed(all, dir, broker.port, name, common, more);
  }

  /** Every record of {@code topic}: partition, offset, key, MQTT topic header and the payload's first line. */
  private static void dumpTopic(String bootstrap, String topic, Path out) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("enable.auto.commit", "false");
    StringBuilder sb = new StringBuilder();
    try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p)) {
      List<org.apache.kafka.common.TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(tps);
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < until && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (org.apache.kafka.clients.consumer.ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
          org.apache.kafka.common.header.Header h = r.headers().lastHeader("topic");
          String v = r.value() == null ? "" : r.value();
          int nl = v.indexOf('\n');
          sb.append(r.partition()).append(' ').append(r.offset()).append(' ').append(r.key()).append(' ')
              .append(h == null ? "-" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).append(' ')
              .append(nl < 0 ? v : v.substring(0, nl)).append('\n');
        }
      }
      Files.writeString(out, sb.toString());
    } catch (RuntimeException | IOException e) {
      System.out.println("KafkaScaleIT: could not dump " + topic + ": " + e);
    }
  }
}
