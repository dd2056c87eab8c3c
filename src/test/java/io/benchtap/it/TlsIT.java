package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MQTT client's TLS options against the real Mosquitto TLS listener of bin/test. */
class TlsIT {
  private static Map<String, String> flags(String host, String clientId, Map<String, String> more) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("mqtt.host", host,
        "mqtt.port", ItEnv.env("BENCHTAP_IT_MQTT_TLS_PORT"), "mqtt.clientId", clientId, "mqtt.tls.enabled", "true",
        "http.port", "0", "file.enabled", "false", "mqtt.reconnectInitialDelayMs", "200"));
    m.putAll(more);
    return m;
  }

  @Test
  void connectsWhenTheBrokerCertificateIsSignedByTheConfiguredCa() throws Exception {
    try (ServeHarness serve = new ServeHarness(flags("localhost", "benchtap-tls-ok",
        Map.of("mqtt.tls.caFile", ItEnv.env("BENCHTAP_IT_MQTT_CA"))))) {
      ItEnv.await("TLS connection up", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
    }
  }

  @Test
  void refusesABrokerItCannotVerify() throws Exception {
    // Without caFile the JVM trust store is used, which does not know the throw-away CA.
    try (ServeHarness serve = new ServeHarness(flags("localhost", "benchtap-tls-untrusted", Map.of()))) {
      Thread.sleep(1500);
      ItEnv.Response health = ItEnv.http(serve.base() + "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(ItEnv.sample(serve.metrics(), "benchtap_mqtt_connected")).isZero();
    }
  }

  @Test
  void connectsByTheIpAddressTheCertificateNames() throws Exception {
    // The test certificate carries DNS:localhost and IP:127.0.0.1; host-name verification is on.
    try (ServeHarness serve = new ServeHarness(flags("127.0.0.1", "benchtap-tls-ip",
        Map.of("mqtt.tls.caFile", ItEnv.env("BENCHTAP_IT_MQTT_CA"))))) {
      ItEnv.await("TLS by IP address", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
    }
  }
}
