package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With http.token set, /metrics and /api need the bearer token; /health never shows secrets. */
class HttpAuthIT {
  @TempDir
  Path dir;

  @Test
  void metricsAndApiNeedTheTokenAndHealthShowsNoSecret() throws Exception {
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-auth-http", "http.port", "0", "http.token", "s3cret-token",
        "influx.url", ItEnv.vmUrl(), "influx.token", "influx-s3cret", "file.enabled", "false"))) {
      assertThat(ItEnv.http(serve.base() + "/metrics").status()).isEqualTo(401);
      assertThat(ItEnv.http(serve.base() + "/api/runs").status()).isEqualTo(401);
      assertThat(ItEnv.http(serve.base() + "/metrics", "Authorization", "Bearer wrong").status()).isEqualTo(401);
      assertThat(ItEnv.http(serve.base() + "/metrics", "Authorization", "Bearer s3cret-token").status()).isEqualTo(200);
      assertThat(ItEnv.http(serve.base() + "/api/runs", "Authorization", "Bearer s3cret-token").status()).isEqualTo(200);
      String health = ItEnv.http(serve.base() + "/health").body();
      assertThat(health).doesNotContain("s3cret").contains("sink-influx");
    }
  }
}
