package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline in-process against the real Mosquitto of bin/test: bad input, then good input. */
class IngestIT {
  private static ServeHarness serve;
  private static final Vertx PUBLISHER = Vertx.vertx();
  private static MqttClient client;
  private static final String DEVICE = "ingest-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-it-" + DEVICE, "http.port", "0", "file.enabled", "false"));
    ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
    client = MqttClient.create(PUBLISHER, new MqttClientOptions().setClientId("pub-" + DEVICE).setMaxMessageSize(-1));
    client.connect(ItEnv.mqttPort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    PUBLISHER.close();
    serve.close();
  }

  private static void publish(String topic, byte[] payload) throws Exception {
    client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static double counter(String name, String label) {
    double v = ItEnv.sample(serve.metrics(), name, label);
    return Double.isNaN(v) ? 0 : v;
  }

  @Test
  void badInputIsCountedAndTheNextGoodLineStillArrives() throws Exception {
    String out = "benchtap/v1/" + DEVICE + "/native/r1/sysbench/1/out";
    String status = "benchtap/v1/" + DEVICE + "/native/r1/sysbench/1/status";
    double binary = counter("benchtap_ingest_rejected_total", "reason=\"binary\"");
    double utf8 = counter("benchtap_ingest_rejected_total", "reason=\"invalid_utf8\"");
    double tooLong = counter("benchtap_ingest_rejected_total", "reason=\"line_too_long\"");
    double topic = counter("benchtap_ingest_rejected_total", "reason=\"topic\"");
    double badStatus = counter("benchtap_ingest_rejected_total", "reason=\"bad_status\"");
    double unparsed = counter("benchtap_parse_unparsed_lines_total", "tool=\"sysbench\"");

    publish(out, new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe});
    publish(out, new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28});
    publish(out, ("x".repeat(1024 * 1024)).getBytes(StandardCharsets.US_ASCII));
    publish("benchtap/v1/" + DEVICE + "/not/a/valid/shape", "hello".getBytes(StandardCharsets.UTF_8));
    publish(status, "{\"event\":\"started\",\"instances\":\"many\"".getBytes(StandardCharsets.UTF_8));
    publish(out, "this is not sysbench output".getBytes(StandardCharsets.UTF_8));
    publish(status, new JsonObject().put("event", "started").put("command", "sysbench cpu --threads=2 run").put("net", "veth")
        .encode().getBytes(StandardCharsets.UTF_8));
    publish(out, "[ 1s ] thds: 2 eps: 1234.56 lat (ms,95%): 1.61\n".getBytes(StandardCharsets.UTF_8));

    ItEnv.await("the good interval line after the garbage", Duration.ofSeconds(20), () -> ItEnv.sample(serve.metrics(),
        "benchtap_events_per_second", "device=\"" + DEVICE + "\"", "net=\"veth\"", "phase=\"interval\"") == 1234.56);
    assertThat(counter("benchtap_ingest_rejected_total", "reason=\"binary\"")).isEqualTo(binary + 1);
    assertThat(counter("benchtap_ingest_rejected_total", "reason=\"invalid_utf8\"")).isEqualTo(utf8 + 1);
    assertThat(counter("benchtap_ingest_rejected_total", "reason=\"line_too_long\"")).isEqualTo(tooLong + 1);
    assertThat(counter("benchtap_ingest_rejected_total", "reason=\"topic\"")).isEqualTo(topic + 1);
    assertThat(counter("benchtap_ingest_rejected_total", "reason=\"bad_status\"")).isEqualTo(badStatus + 1);
    assertThat(counter("benchtap_parse_unparsed_lines_total", "tool=\"sysbench\"")).isEqualTo(unparsed + 1);
    assertThat(ItEnv.http(serve.base() + "/health").status()).isEqualTo(200);
    assertThat(ItEnv.sample(serve.metrics(), "benchtap_queue_depth", "queue=\"unacked\"")).isZero();
  }

  @Test
  void aMessageThatOvertookAnEarlierOneWaitsForItSoTheStreamIsParsedInSeqOrder() throws Exception {
    String device = DEVICE + "-order";
    String out = "benchtap/v1/" + device + "/native/r1/sysbench/1/out";
    double held = counter("benchtap_ingest_held_total", "");
    double gaps = counter("benchtap_ingest_gaps_total", "");
    double lines = counter("benchtap_ingest_lines_total", "tool=\"sysbench\"");
    String line = "[ %ds ] thds: 2 eps: %d.00 lat (ms,95%%): 1.00";
    publish(out, ("@benchtap seq=0\n" + String.format(line, 1, 100)).getBytes(StandardCharsets.UTF_8));
    // seq 2 overtakes seq 1 (as a broker handing a queued backlog over behind a new message does).
    publish(out, ("@benchtap seq=2\n" + String.format(line, 3, 300)).getBytes(StandardCharsets.UTF_8));
    publish(out, ("@benchtap seq=1\n" + String.format(line, 2, 200)).getBytes(StandardCharsets.UTF_8));

    ItEnv.await("three lines in and acknowledged", Duration.ofSeconds(20),
        () -> counter("benchtap_ingest_lines_total", "tool=\"sysbench\"") >= lines + 3
            && ItEnv.sample(serve.metrics(), "benchtap_queue_depth", "queue=\"unacked\"") == 0);
    assertThat(counter("benchtap_ingest_held_total", "")).isEqualTo(held + 1);
    assertThat(counter("benchtap_ingest_gaps_total", "")).isEqualTo(gaps);
    // Parsed in seq order, the live value is the last interval's (in arrival order it would be 200).
    assertThat(ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"" + device + "\"", "phase=\"interval\""))
        .isEqualTo(300.0);
  }

  @Test
  void usernameAndPasswordReachTheBroker() throws Exception {
    try (ServeHarness authed = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttAuthPort()),
        "mqtt.clientId", "benchtap-auth-" + DEVICE, "mqtt.username", ItEnv.env("BENCHTAP_IT_MQTT_USER"),
        "mqtt.password", ItEnv.env("BENCHTAP_IT_MQTT_PASSWORD"), "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("authenticated connection", Duration.ofSeconds(20), () -> ItEnv.http(authed.base() + "/health").status() == 200);
    }
    try (ServeHarness refused = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttAuthPort()),
        "mqtt.clientId", "benchtap-noauth-" + DEVICE, "mqtt.username", "benchtap", "mqtt.password", "wrong",
        "http.port", "0", "file.enabled", "false"))) {
      ItEnv.Response health = ItEnv.http(refused.base() + "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body()).contains("\"mqtt\"").doesNotContain("wrong");
    }
  }
}
