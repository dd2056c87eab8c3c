package io.benchtap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.pipeline.LocalCodec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The analyzer verticle on a real Vert.x, fed over its event-bus address like the pipeline feeds
 * it: an overhead of 40 % seen in two repetitions per side is shown as not judged and raises no
 * alert; with ten per side it is judged, significant, and alerts once.
 */
class AnalyzerAlertsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void repetition(int i, double nativeValue, double lxcValue) {
    for (String env : List.of("native", "lxc")) {
      StreamKey k = new StreamKey("dev", env, "camp-r" + i, "iperf3", "1");
      RunEvent started = new RunEvent(Instant.EPOCH, k, env.equals("native") ? "host" : "veth", RunEvent.Type.STARTED, null, null,
          1, null, Double.NaN, null, Map.of("campaign", "camp"));
      Measurement m = new Measurement(Instant.EPOCH.plusSeconds(i), "dev", env, env.equals("native") ? "host" : "veth", "camp-r" + i,
          "iperf3", "tcp", "1", "throughput_bytes_per_second", env.equals("native") ? nativeValue : lxcValue, "bytes_per_second",
          Phase.FINAL, Map.of("direction", "receiver"), TimeSource.DEVICE);
      vertx.eventBus().publish(MeasurementBatch.ADDRESS,
          new MeasurementBatch(new java.util.ArrayList<>(List.of(m)), List.of(started)));
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).pollInSameThread()
        .until(condition::getAsBoolean);
  }

  @Test
  void noAlertBelowTheMinimumOfRepetitionsAndOneAlertOnceJudged() throws Exception {
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    AnalyzerVerticle analyzer = new AnalyzerVerticle(AnalysisConfig.defaults(), List.of(), alerts::add);
    vertx.deployVerticle(analyzer).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    repetition(1, 94e6, 56e6);
    repetition(2, 94.5e6, 56.5e6);
    await("the cell in /api/overhead", () -> analyzer.overhead(Map.of()).size() == 1);
    JsonObject row = analyzer.overhead(Map.of()).getJsonObject(0);
    assertThat(row.getBoolean("judged")).isFalse();
    assertThat(row.getBoolean("significant")).isFalse();
    assertThat(row.getString("verdict")).isEqualTo("not judged yet: 2 of 10 values needed on each side");
    assertThat(row.getValue("pValue")).isNull();
    assertThat(row.getDouble("overheadRatio")).isGreaterThan(0.3);
    // The row is published by the same recompute that decides the alerts: none for it.
    assertThat(alerts).isEmpty();
    for (int i = 3; i <= 10; i++) {
      repetition(i, 94e6 + 1e5 * i, 56e6 + 1e5 * i);
    }
    await("the cell judged", () -> {
      JsonArray rows = analyzer.overhead(Map.of());
      return rows.size() == 1 && rows.getJsonObject(0).getBoolean("judged");
    });
    await("the alert", () -> alerts.size() == 1);
    assertThat(alerts.get(0).getString("alert")).isEqualTo("container_overhead");
    assertThat(alerts.get(0).getBoolean("significant")).isTrue();
    assertThat(alerts.get(0).getDouble("changeRatioUpper")).isLessThan(0);
  }
}
