package io.benchtap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {
  @Test
  void oneConditionIsOneAlertWithinTheCooldown() {
    List<JsonObject> sent = new ArrayList<>();
    Alerts alerts = new Alerts(Duration.ofMinutes(10), sent::add);
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    assertThat(alerts.raise("container_overhead", "cell-a", new JsonObject().put("x", 1), t)).isTrue();
    assertThat(alerts.raise("container_overhead", "cell-a", new JsonObject(), t.plusSeconds(60))).isFalse();
    assertThat(alerts.raise("container_overhead", "cell-b", new JsonObject(), t.plusSeconds(60))).isTrue();
    assertThat(alerts.raise("regression", "cell-a", new JsonObject(), t.plusSeconds(60))).isTrue();
    assertThat(alerts.raise("container_overhead", "cell-a", new JsonObject(), t.plusSeconds(601))).isTrue();
    assertThat(sent).hasSize(4);
    assertThat(sent.get(0).getString("alert")).isEqualTo("container_overhead");
    assertThat(sent.get(0).getString("key")).isEqualTo("cell-a");
    assertThat(sent.get(0).getInteger("x")).isEqualTo(1);
  }
}
