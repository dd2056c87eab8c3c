package io.benchtap.it;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an agent sends: {@code messages} QoS 1 messages round-robin over {@code streams}
 * devhealth streams (devices {@code prefix-0}, {@code prefix-1}, ...), each with the agent header
 * ({@code seq} per stream, device time) and one line {@code memory_available_bytes N} with a unique
 * N = 0, 1, 2, ... Every {@code periodMs} up to {@code perTick} messages, never more than 100 not
 * yet acknowledged by the broker. {@link #awaitDone} waits until the broker acknowledged them all.
 */
final class AgentLoad implements AutoCloseable {
  final AtomicInteger published = new AtomicInteger();
  final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
  final String run = "r" + System.nanoTime();
  private final Vertx vertx = Vertx.vertx();
  private final Promise<Void> done = Promise.promise();
  private final String devicePrefix;
  private final int streams;
  private final int messages;

  private AgentLoad(String devicePrefix, int streams, int messages) {
    this.devicePrefix = devicePrefix;
    this.streams = streams;
    this.messages = messages;
  }

  /** The topic of stream {@code k}. */
  static String topic(String devicePrefix, int k, String run) {
    return "benchtap/v1/" + devicePrefix + "-" + k + "/native/" + run + "/devhealth/host/out";
  }

  static AgentLoad start(int mqttPort, String clientId, String devicePrefix, int streams, int messages, int periodMs,
      int perTick) throws Exception {
    AgentLoad load = new AgentLoad(devicePrefix, streams, messages);
    MqttClient c = MqttClient.create(load.vertx, new MqttClientOptions().setClientId(clientId).setMaxInflightQueue(200));
    c.connect(mqttPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    load.vertx.runOnContext(v -> load.drive(c, periodMs, perTick));
    return load;
  }

  private void drive(MqttClient c, int periodMs, int perTick) {
    long[] seq = new long[streams];
    int[] unacked = {0};
    int[] acked = {0};
    long[] timer = {0};
    // The future of publish() completes when the message is written; the PUBACK comes here.
    c.publishCompletionHandler(packetId -> {
      unacked[0]--;
      if (++acked[0] == messages) {
        vertx.cancelTimer(timer[0]);
        done.tryComplete();
      }
    });
    timer[0] = vertx.setPeriodic(periodMs, id -> {
      for (int i = 0; i < perTick && published.get() < messages && unacked[0] < 100; i++) {
        int n = published.getAndIncrement();
        int k = n % streams;
        Instant t = Instant.now();
        String payload = "@benchtap seq=" + seq[k]++ + " t=" + t.getEpochSecond() + "." + String.format("%09d", t.getNano())
            + "\nmemory_available_bytes " + n;
        unacked[0]++;
        c.publish(topic(devicePrefix, k, run), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
            .onFailure(errors::add);
      }
    });
  }

  int messages() {
    return messages;
  }

  /** Waits until the broker has acknowledged every message. */
  void awaitDone(long seconds) throws Exception {
    done.future().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
