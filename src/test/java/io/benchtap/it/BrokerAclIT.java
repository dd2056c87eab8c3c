package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mosquitto ACL of docs/mqtt-contract.md ("Security"), copied from the document as a reader
 * would, in a real Mosquitto with a password file: a device named {@code alerts} cannot reach the
 * subscribers of {@code benchtap/v1/alerts}, devA cannot write devB's topics, devA can write its
 * own agent, out and status topics; and {@code benchtap serve}, connected as user benchtap, makes
 * devA's status for run id {@code shared} a record of devA's and leaves devB's record as it was.
 *
 * <p>A denied QoS 1 publish is acknowledged by Mosquitto and dropped, so "nothing arrived" is
 * shown without waiting for a time: after the attempts, the same connection publishes a marker
 * its ACL allows. Mosquitto handles one connection's packets in order and queues them for a
 * subscriber in that order, so whatever the attempts delivered arrives before the marker.
 */
class BrokerAclIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> USERS = Map.of("benchtap", "bt-" + UUID.randomUUID(), "devA", "a-" + UUID.randomUUID(),
      "devB", "b-" + UUID.randomUUID(), "alerts", "al-" + UUID.randomUUID());

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final List<MqttClient> clients = new ArrayList<>();
  private final BlockingQueue<Msg> seen = new LinkedBlockingQueue<>();
  private OwnMosquitto broker;

  private record Msg(String topic, String payload) {}

  /** The indented block of the Security section of docs/mqtt-contract.md that holds the ACL. */
  static List<String> documentedAcl() throws Exception {
    List<String> doc = Files.readAllLines(Path.of("docs/mqtt-contract.md"));
    int i = doc.indexOf("## Security");
    assertThat(i).as("docs/mqtt-contract.md has a Security section").isNotNegative();
    while (i < doc.size() && !doc.get(i).startsWith("    ")) {
      i++;
    }
    List<String> acl = new ArrayList<>();
    for (; i < doc.size() && (doc.get(i).startsWith("    ") || doc.get(i).isBlank()); i++) {
      acl.add(doc.get(i).isBlank() ? "" : doc.get(i).substring(4));
    }
    assertThat(acl).as("the ACL of the Security section").contains("user benchtap");
    return acl;
  }

  @BeforeEach
  void startBroker() throws Exception {
    File log = dir.resolve("setup.log").toFile();
    Path passwords = dir.resolve("passwords");
    boolean first = true;
    for (Map.Entry<String, String> u : USERS.entrySet()) {
      List<String> cmd = new ArrayList<>(List.of("mosquitto_passwd"));
      if (first) {
        cmd.add("-c");
      }
      cmd.addAll(List.of("-b", passwords.toString(), u.getKey(), u.getValue()));
      assertThat(ItEnv.run(Duration.ofSeconds(30), log, cmd.toArray(String[]::new))).as("mosquitto_passwd %s", u.getKey()).isZero();
      first = false;
    }
    Path acl = dir.resolve("acl");
    Files.write(acl, documentedAcl());
    broker = new OwnMosquitto(dir.resolve("broker"), List.of("allow_anonymous false", "password_file " + passwords,
        "acl_file " + acl));
    broker.start();
    MqttClient observer = connect("benchtap", "acl-observer");
    observer.publishHandler(m -> seen.add(new Msg(m.topicName(), m.payload().toString(StandardCharsets.UTF_8))));
    Promise<List<Integer>> granted = Promise.promise();
    observer.subscribeCompletionHandler(ack -> granted.tryComplete(ack.grantedQoSLevels()));
    await(observer.subscribe("benchtap/v1/#", 1));
    assertThat(await(granted.future())).as("benchtap may read benchtap/v1/#").containsExactly(1);
  }

  @AfterEach
  void stop() throws Exception {
    for (MqttClient c : clients) {
      if (c.isConnected()) {
        await(c.disconnect().recover(e -> Future.succeededFuture()));
      }
    }
    await(vertx.close());
    if (broker != null) {
      broker.close();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private MqttClient connect(String user, String clientId) throws Exception {
    MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setUsername(user)
        .setPassword(USERS.get(user)).setCleanSession(true));
    await(c.connect(broker.port, "127.0.0.1"));
    clients.add(c);
    return c;
  }

  private static void publish(MqttClient c, String topic, String payload) throws Exception {
    await(c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
  }

  /**
   * Publishes every message, then {@code marker} (a topic the client may write), and returns what
   * the observer received up to and including the marker.
   */
  private List<Msg> publishThenMarker(MqttClient c, Map<String, String> messages, String marker) throws Exception {
    for (Map.Entry<String, String> m : messages.entrySet()) {
      publish(c, m.getKey(), m.getValue());
    }
    String token = "marker-" + UUID.randomUUID();
    publish(c, marker, token);
    List<Msg> got = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Msg m = seen.poll(1, TimeUnit.SECONDS);
      if (m != null) {
        got.add(m);
        if (m.topic().equals(marker) && m.payload().equals(token)) {
          return got;
        }
      }
      assertThat(System.nanoTime()).as("the marker on %s; received so far %s (broker log %s)", marker, got,
          dir.resolve("broker/mosquitto.log")).isLessThan(deadline);
    }
  }

  @Test
  void aDeviceWritesExactlyItsOwnTopicsAndServeKeepsAnotherDevicesRunRecord() throws Exception {
    // A device named "alerts": benchtap/v1/%u/# would have let it write benchtap/v1/alerts.
    MqttClient alerts = connect("alerts", "alerts");
    List<Msg> got = publishThenMarker(alerts, Map.of("benchtap/v1/alerts", "{\"alert\":\"forged\"}"), "benchtap/v1/alerts/agent");
    assertThat(got).extracting(Msg::topic).containsExactly("benchtap/v1/alerts/agent");

    // devA on devB's topics, and on topics of no contract shape below its own name.
    MqttClient devA = connect("devA", "devA");
    Map<String, String> denied = new LinkedHashMap<>();
    denied.put("benchtap/v1/devB/native/shared/sysbench/1/status", "{\"event\":\"finished\",\"exitCode\":1}");
    denied.put("benchtap/v1/devB/native/shared/sysbench/1/out", "[ 1s ] thds: 2 eps: 1.00 lat (ms,95%): 1.00");
    denied.put("benchtap/v1/devB/agent", "offline");
    denied.put("benchtap/v1/devA", "parent level");
    denied.put("benchtap/v1/devA/native/shared/sysbench/1/other", "no such suffix");
    denied.put("benchtap/v1/devA/native/shared/sysbench/out", "five levels");
    denied.put("benchtap/v1/alerts", "{\"alert\":\"forged\"}");
    got = publishThenMarker(devA, denied, "benchtap/v1/devA/agent");
    assertThat(got).extracting(Msg::topic).containsExactly("benchtap/v1/devA/agent");

    // devA on its own agent, out and status topics.
    Map<String, String> own = new LinkedHashMap<>();
    own.put("benchtap/v1/devA/native/shared/sysbench/1/status", "{\"event\":\"started\",\"command\":\"sysbench cpu run\"}");
    own.put("benchtap/v1/devA/native/shared/sysbench/1/out", "[ 1s ] thds: 2 eps: 1.00 lat (ms,95%): 1.00");
    own.put("benchtap/v1/devA/native/shared/devhealth/host/out", "load_average 0.5 window=1m");
    own.put("benchtap/v1/devA/lxc/shared/sysbench/4096/status", "{\"event\":\"finished\",\"exitCode\":0}");
    got = publishThenMarker(devA, own, "benchtap/v1/devA/agent");
    List<String> expected = new ArrayList<>(own.keySet());
    expected.add("benchtap/v1/devA/agent");
    assertThat(got).extracting(Msg::topic).containsExactlyElementsOf(expected);

    // benchtap serve as user benchtap: devA's statuses for run id "shared" make devA's record.
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(broker.port),
        "mqtt.username", "benchtap", "mqtt.password", USERS.get("benchtap"), "mqtt.clientId", "benchtap-acl-it",
        "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("serve subscribed", WAIT, () -> ItEnv.http(serve.base() + "/health").status() == 200);
      MqttClient devB = connect("devB", "devB");
      String started = new JsonObject().put("event", "started").put("command", "sysbench cpu --threads=2 run")
          .put("instances", 2).put("net", "host").encode();
      publish(devB, "benchtap/v1/devB/native/shared/sysbench/1/status", started);
      publish(devB, "benchtap/v1/devB/native/shared/sysbench/2/status", started);
      publish(devB, "benchtap/v1/devB/native/shared/sysbench/1/status", "{\"event\":\"finished\",\"exitCode\":0}");
      ItEnv.await("devB's record of run shared", WAIT, () -> {
        JsonObject b = record(serve, "devB");
        return b != null && "finished".equals(b.getJsonArray("streams").getJsonObject(0).getString("state"))
            && "running".equals(b.getJsonArray("streams").getJsonObject(1).getString("state"));
      });
      JsonObject devBBefore = record(serve, "devB");

      publish(devA, "benchtap/v1/devB/native/shared/sysbench/2/status", "{\"event\":\"finished\",\"exitCode\":1}");
      publish(devA, "benchtap/v1/devA/native/shared/sysbench/1/status", "{\"event\":\"finished\",\"exitCode\":1}");
      publish(devA, "benchtap/v1/devA/native/shared/sysbench/1/status",
          new JsonObject().put("event", "started").put("command", "evil").put("instances", 4096).encode());
      ItEnv.await("devA's own record of run shared", WAIT, () -> {
        JsonObject a = record(serve, "devA");
        return a != null && "evil".equals(a.getJsonArray("streams").getJsonObject(0).getString("command"));
      });
      JsonArray records = new JsonArray(ItEnv.http(serve.base() + "/api/runs/shared").body());
      assertThat(records).hasSize(2);
      assertThat(record(serve, "devB")).isEqualTo(devBBefore);
      assertThat(devBBefore.getInteger("instances")).isEqualTo(2);
      assertThat(devBBefore.getString("state")).isEqualTo("running");
      assertThat(record(serve, "devA").getInteger("instances")).isEqualTo(4096);

      // benchtap itself may write benchtap/v1/alerts: devA's exit code 1 is a run_failed alert.
      long deadline = System.nanoTime() + WAIT.toNanos();
      Msg alert;
      do {
        alert = seen.poll(1, TimeUnit.SECONDS);
        assertThat(System.nanoTime()).as("benchtap's run_failed alert on benchtap/v1/alerts").isLessThan(deadline);
      } while (alert == null || !alert.topic().equals("benchtap/v1/alerts") || !alert.payload().contains("devA"));
      assertThat(new JsonObject(alert.payload()).getString("alert")).isEqualTo("run_failed");
    }
  }

  /** The record of run "shared" of one device in /api/runs/shared, or null. */
  private static JsonObject record(ServeHarness serve, String device) {
    ItEnv.Response r = ItEnv.http(serve.base() + "/api/runs/shared");
    if (r.status() != 200 || !r.body().trim().startsWith("[")) {
      return null;
    }
    for (Object o : new JsonArray(r.body())) {
      JsonObject j = (JsonObject) o;
      if (device.equals(j.getString("device"))) {
        return j;
      }
    }
    return null;
  }
}
