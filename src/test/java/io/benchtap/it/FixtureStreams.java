package io.benchtap.it;

import io.benchtap.bench.Fixtures;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real captured outputs (src/test/resources/outputs) as an agent streams them, one benchmark
 * process per stream: a {@code started} status (command line, {@code net}, one instance, the
 * {@code campaign} label), the output a few lines per message with the agent header
 * {@code @benchtap seq=N t=...}, then a {@code finished} status. Every fixture of each tool is
 * one run on one device, natively (net host) and in an LXC container (net none) with the next
 * fixture of the tool, so the analysis has native and container cells of several repetitions.
 * The messages of all streams are interleaved (one of each stream in turn) and their device
 * times are fixed when the script is built: publishing the script twice gives the same bytes.
 */
final class FixtureStreams {
  /** One message of the script. */
  record Msg(String topic, String payload) {}

  final String device;
  final String campaign;
  final List<Msg> script;
  final int streams;

  private FixtureStreams(String device, String campaign, List<Msg> script, int streams) {
    this.device = device;
    this.campaign = campaign;
    this.script = script;
    this.streams = streams;
  }

  static FixtureStreams build(Path outputs, List<String> tools, String device, String campaign, int linesPerMessage)
      throws java.io.IOException {
    List<List<Msg>> perStream = new ArrayList<>();
    for (String tool : tools) {
      List<Fixtures.Fixture> fixtures = Fixtures.load(outputs, List.of(tool));
      for (int i = 0; i < fixtures.size(); i++) {
        String run = campaign + "-" + tool + "-" + i;
        perStream.add(stream(device, "native", "host", run, campaign, fixtures.get(i), linesPerMessage));
        perStream.add(stream(device, "lxc", "none", run, campaign, fixtures.get((i + 1) % fixtures.size()), linesPerMessage));
      }
    }
    // Interleave: the next message of each stream in turn; device time one millisecond per message.
    List<Msg> script = new ArrayList<>();
    long t0 = Instant.now().toEpochMilli();
    int[] next = new int[perStream.size()];
    for (boolean more = true; more; ) {
      more = false;
      for (int k = 0; k < perStream.size(); k++) {
        if (next[k] < perStream.get(k).size()) {
          Msg m = perStream.get(k).get(next[k]++);
          String t = String.format("%d.%03d", (t0 + script.size()) / 1000, (t0 + script.size()) % 1000);
          script.add(new Msg(m.topic(), m.payload().replaceFirst("@T@", t)));
          more = true;
        }
      }
    }
    return new FixtureStreams(device, campaign, script, perStream.size());
  }

  private static List<Msg> stream(String device, String env, String net, String run, String campaign, Fixtures.Fixture f,
      int linesPerMessage) {
    String base = "benchtap/v1/" + device + "/" + env + "/" + run + "/" + f.tool() + "/1/";
    List<Msg> out = new ArrayList<>();
    JsonObject started = new JsonObject().put("event", "started").put("net", net).put("instances", 1)
        .put("labels", new JsonObject().put("campaign", campaign));
    if (f.command() != null) {
      started.put("command", f.command());
    }
    // "t" is set when the script is interleaved: the first @T@ becomes the message's device time.
    out.add(new Msg(base + "status", "{\"t\":@T@," + started.encode().substring(1)));
    long seq = 0;
    for (int i = 0; i < f.lines().size(); i += linesPerMessage) {
      StringBuilder sb = new StringBuilder("@benchtap seq=").append(seq++).append(" t=@T@");
      for (String line : f.lines().subList(i, Math.min(f.lines().size(), i + linesPerMessage))) {
        sb.append('\n').append(line);
      }
      out.add(new Msg(base + "out", sb.toString()));
    }
    // As the agents do: "seq" says how many output messages came before the finished status.
    out.add(new Msg(base + "status", "{\"t\":@T@,\"event\":\"finished\",\"exitCode\":0,\"seq\":" + seq + "}"));
    return out;
  }

  /** Publishes the script QoS 1 at up to {@code perTick} messages every 10 ms, at most 100 unacknowledged. */
  Publication publish(int mqttPort, String clientId, int perTick) throws Exception {
    return new Publication(mqttPort, clientId, perTick);
  }

  /** A script being published. */
  final class Publication implements AutoCloseable {
    final AtomicInteger published = new AtomicInteger();
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final Vertx vertx = Vertx.vertx();
    private final Promise<Void> acked = Promise.promise();

    private Publication(int mqttPort, String clientId, int perTick) throws Exception {
      MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setMaxInflightQueue(200));
      c.connect(mqttPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      int[] inFlight = {0};
      int[] pubacks = {0};
      c.publishCompletionHandler(id -> {
        inFlight[0]--;
        if (++pubacks[0] == script.size()) {
          acked.tryComplete();
        }
      });
      vertx.setPeriodic(10, timer -> {
        for (int i = 0; i < perTick && inFlight[0] < 100; i++) {
          int n = published.get();
          if (n == script.size()) {
            vertx.cancelTimer(timer);
            return;
          }
          published.incrementAndGet();
          inFlight[0]++;
          Msg m = script.get(n);
          c.publish(m.topic(), Buffer.buffer(m.payload()), MqttQoS.AT_LEAST_ONCE, false, false).onFailure(errors::add);
        }
      });
    }

    /** Waits for the broker's acknowledgement of every message. */
    void awaitAcked(long seconds) throws Exception {
      acked.future().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
