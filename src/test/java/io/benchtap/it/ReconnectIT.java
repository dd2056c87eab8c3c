package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker dies under a running pipeline and comes back: benchtap reconnects with backoff,
 * resubscribes, and carries on. Messages published while benchtap itself was away are delivered
 * from its persistent session.
 */
class ReconnectIT {
  @TempDir
  Path dir;

  private static final String LINE = "[ %ds ] thds: 1 eps: %d.00 lat (ms,95%%): 1.00";

  @Test
  void brokerRestartIsSurvivedAndSubscriptionRestored() throws Exception {
    File log = dir.resolve("pub.log").toFile();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(broker.port),
          "mqtt.clientId", "benchtap-reconnect-it", "mqtt.reconnectInitialDelayMs", "100", "mqtt.reconnectMaxDelayMs", "1000",
          "http.port", "0", "file.enabled", "false"))) {
        ItEnv.await("connected", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
        String topic = "benchtap/v1/rc/native/r1/sysbench/1/out";
        assertThat(broker.publishLines(log, topic, String.format(LINE, 1, 111))).isZero();
        ItEnv.await("first value", Duration.ofSeconds(10), () -> ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"rc\"") == 111);

        broker.kill();
        ItEnv.await("/health reports the broker down", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 503);
        assertThat(ItEnv.sample(serve.metrics(), "benchtap_mqtt_connected")).isZero();

        broker.start();
        ItEnv.await("reconnected", Duration.ofSeconds(30), () -> ItEnv.http(serve.base() + "/health").status() == 200);
        assertThat(broker.publishLines(log, topic, String.format(LINE, 2, 222))).isZero();
        ItEnv.await("value after the restart", Duration.ofSeconds(10), () -> ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"rc\"") == 222);
        assertThat(ItEnv.sample(serve.metrics(), "benchtap_mqtt_reconnects_total")).isPositive();
      }
    }
  }

  @Test
  void messagesPublishedWhileBenchtapWasAwayArriveFromItsPersistentSession() throws Exception {
    File log = dir.resolve("pub.log").toFile();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      Map<String, String> flags = Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(broker.port),
          "mqtt.clientId", "benchtap-session-it", "http.port", "0", "file.enabled", "false");
      String topic = "benchtap/v1/away/native/r1/sysbench/1/out";
      try (ServeHarness first = new ServeHarness(flags)) {
        ItEnv.await("connected", Duration.ofSeconds(20), () -> ItEnv.http(first.base() + "/health").status() == 200);
      }
      assertThat(broker.publishLines(log, topic, String.format(LINE, 1, 333), String.format(LINE, 2, 444))).isZero();
      try (ServeHarness second = new ServeHarness(flags)) {
        ItEnv.await("queued lines delivered in order after restart", Duration.ofSeconds(20),
            () -> ItEnv.sample(second.metrics(), "benchtap_events_per_second", "device=\"away\"") == 444);
        assertThat(ItEnv.sample(second.metrics(), "benchtap_ingest_lines_total", "tool=\"sysbench\"")).isEqualTo(2);
      }
    }
  }
}
