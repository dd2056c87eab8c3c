package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM in the middle of a stream: {@code benchtap serve} (a separate JVM) stops taking
 * messages, stores and acknowledges the ones it is processing, and disconnects; a second
 * instance with the same client id gets the rest from the persistent session. Every message must
 * be in the line-protocol files exactly once: a message processed but not acknowledged would come
 * again and be counted twice, one acknowledged but not processed would be lost.
 */
class ShutdownIT {
  private static final int STREAMS = 4;
  private static final int MESSAGES = 4000;
  private static final Pattern VALUE = Pattern.compile("memory_available_bytes=([0-9.eE+]+)");

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  @ParameterizedTest(name = "pipeline.workers={0}")
  @ValueSource(ints = {0, 2})
  void sigtermMidStreamLosesNothingAndCountsNothingTwice(int workers) throws Exception {
    stopMidStream(workers);
  }

  /**
   * The same with the CPU loaded by busy processes (more than there are cores), as when another
   * build runs beside it. On the code before the PINGREQ barrier this stored 19 to 122 values
   * twice in about one run of three (the broker, slowed down, lost the last PUBACKs to the TCP
   * reset of the closing connection); three rounds make a regression show.
   */
  @org.junit.jupiter.api.RepeatedTest(3)
  void sigtermUnderCpuLoadLosesNothingAndCountsNothingTwice() throws Exception {
    try (CpuHog hog = CpuHog.start(Runtime.getRuntime().availableProcessors() + 1)) {
      stopMidStream(2);
    }
  }

  private void stopMidStream(int workers) throws Exception {
    String clientId = "benchtap-shutdown-it-" + workers;
    String run = "r" + System.nanoTime();
    Path data = dir.resolve("data");
    Vertx vertx = Vertx.vertx();
    List<Process> started = new ArrayList<>();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      Process first = serve(broker.port, clientId, workers, data, dir.resolve("serve-1.log").toFile(), started);
      MqttClient pub = MqttClient.create(vertx, new MqttClientOptions().setClientId("shutdown-it-pub-" + workers)
          .setMaxInflightQueue(200));
      AtomicInteger published = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      Future<Void> allAcked = pub.connect(broker.port, "127.0.0.1")
          .compose(ack -> publish(vertx, pub, run, published, errors));

      ItEnv.await("a few hundred messages published", Duration.ofSeconds(30), () -> published.get() >= 600);
      first.destroy(); // SIGTERM
      assertThat(first.waitFor(40, TimeUnit.SECONDS)).as("serve exits after SIGTERM").isTrue();
      String log1 = Files.readString(dir.resolve("serve-1.log"));
      assertThat(log1).doesNotContain("still in the pipeline after");

      Process second = serve(broker.port, clientId, workers, data, dir.resolve("serve-2.log").toFile(), started);
      allAcked.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      assertThat(errors).isEmpty();
      assertThat(published.get()).isEqualTo(MESSAGES);
      // Wait until every value is in the files, or nothing new arrived for 15 s (then the
      // assertions below name what is missing).
      long quietSince = System.nanoTime();
      int last = -1;
      while (countValues(data).size() < MESSAGES && System.nanoTime() - quietSince < 15_000_000_000L) {
        int now = countValues(data).size();
        if (now != last) {
          last = now;
          quietSince = System.nanoTime();
        }
        Thread.sleep(250);
      }
      second.destroy();
      assertThat(second.waitFor(40, TimeUnit.SECONDS)).isTrue();

      TreeMap<Long, Integer> seen = countValues(data);
      List<Long> lost = new ArrayList<>();
      List<Long> twice = new ArrayList<>();
      for (long n = 0; n < MESSAGES; n++) {
        int c = seen.getOrDefault(n, 0);
        if (c == 0) {
          lost.add(n);
        } else if (c > 1) {
          twice.add(n);
        }
      }
      assertThat(lost).as("lost (%d)", lost.size()).isEmpty();
      assertThat(twice).as("stored twice (%d)", twice.size()).isEmpty();
      assertThat(seen).hasSize(MESSAGES);
      // The first instance did take part: it stored some, the second the rest.
      assertThat(Files.readString(dir.resolve("serve-2.log"))).contains("session present: true");
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Process serve(int mqttPort, String clientId, int workers, Path data, File log, List<Process> started)
      throws Exception {
    int http = ItEnv.freePort();
    Process p = new ProcessBuilder("java", "-jar", ItEnv.jar(), "serve",
        "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(http),
        "--set", "mqtt.clientId=" + clientId, "--set", "pipeline.workers=" + workers,
        "--set", "file.enabled=true", "--set", "file.dir=" + data)
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    started.add(p);
    ItEnv.await("benchtap serve healthy (log: " + log + ")", Duration.ofSeconds(60),
        () -> ItEnv.http("http://127.0.0.1:" + http + "/health").status() == 200);
    return p;
  }

  /**
   * Publishes MESSAGES messages round-robin over the streams, QoS 1, on the client's context:
   * every 10 ms up to 20 messages (about 2,000/s, so the stop lands in the middle of the stream),
   * never more than 100 unacknowledged. Completes when all are acknowledged by the broker.
   */
  private static Future<Void> publish(Vertx vertx, MqttClient pub, String run, AtomicInteger published,
      ConcurrentLinkedQueue<Throwable> errors) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long[] seq = new long[STREAMS];
    int[] unacked = {0};
    int[] acked = {0};
    long[] timer = {0};
    // The future of publish() completes when the message is written; the PUBACK comes here.
    pub.publishCompletionHandler(packetId -> {
      unacked[0]--;
      if (++acked[0] == MESSAGES) {
        vertx.cancelTimer(timer[0]);
        done.complete();
      }
    });
    timer[0] = vertx.setPeriodic(10, id -> {
      for (int i = 0; i < 20 && published.get() < MESSAGES && unacked[0] < 100; i++) {
        int n = published.getAndIncrement();
        int k = n % STREAMS;
        String topic = "benchtap/v1/shut-" + k + "/native/" + run + "/devhealth/host/out";
        String payload = "@benchtap seq=" + seq[k]++ + " t=" + (System.currentTimeMillis() / 1000.0) + "\nmemory_available_bytes " + n;
        unacked[0]++;
        pub.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false).onFailure(errors::add);
      }
    });
    return done.future();
  }

  /** How often each value appears in the line-protocol files under {@code data}. */
  private static TreeMap<Long, Integer> countValues(Path data) {
    TreeMap<Long, Integer> seen = new TreeMap<>();
    if (!Files.isDirectory(data)) {
      return seen;
    }
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".lp")).toList()) {
        for (String line : Files.readAllLines(f)) {
          Matcher m = VALUE.matcher(line);
          if (m.find()) {
            seen.merge((long) Double.parseDouble(m.group(1)), 1, Integer::sum);
          }
        }
      }
    } catch (IOException e) {
      return new TreeMap<>();
    }
    return seen;
  }
}
