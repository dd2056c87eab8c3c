package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.AnalyzerVerticle;
import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.pipeline.LocalCodec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /api/runs and /api/runs/{id} as HttpVerticle serves them from the analyzer's run registry. */
@ExtendWith(VertxExtension.class)
class RunsRoutesTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private record Answer(int status, String body) {}

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A plain blocking client: the test thread is not a Vert.x thread. */
  private static Answer get(HttpClient client, int port, String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private static RunEvent event(String device, String instance, RunEvent.Type type, String command, int instances, Integer exit) {
    return new RunEvent(T0, new StreamKey(device, "native", "shared", "sysbench", instance), "host", type, command, null,
        instances, exit, Double.NaN, null, Map.of());
  }

  @Test
  void aRunIdAnswersEveryRecordWithItOnePerDevice(Vertx vertx) throws Exception {
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));
    AnalyzerVerticle analyzer = new AnalyzerVerticle(AnalysisConfig.defaults(), List.of(), alert -> { });
    await(vertx.deployVerticle(analyzer));
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, null),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), analyzer);
    await(vertx.deployVerticle(http));
    HttpClient client = HttpClient.newHttpClient();
    int port = http.actualPort();

    vertx.eventBus().publish(MeasurementBatch.ADDRESS, new MeasurementBatch(List.of(),
        List.of(event("devB", "1", RunEvent.Type.STARTED, "sysbench cpu run", 1, null))));
    vertx.eventBus().publish(MeasurementBatch.ADDRESS, new MeasurementBatch(List.of(),
        List.of(event("devA", "1", RunEvent.Type.FINISHED, null, 0, 1), event("devA", "1", RunEvent.Type.STARTED, "evil", 4096, null))));

    // The analyzer takes batches in the order they were published: once devA shows, devB's came before.
    Answer one = Awaitility.await("devA's record of run shared").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .pollInSameThread().until(() -> get(client, port, "/api/runs/shared"), a -> a.body().contains("\"devA\""));
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().trim()).as("every record of run shared").startsWith("[");
    JsonArray records = new JsonArray(one.body());
    assertThat(records).extracting(o -> ((JsonObject) o).getString("device")).containsExactlyInAnyOrder("devA", "devB");
    JsonObject devB = records.stream().map(JsonObject.class::cast).filter(j -> j.getString("device").equals("devB"))
        .findFirst().orElseThrow();
    assertThat(devB.getString("state")).isEqualTo("running");
    assertThat(devB.getInteger("instances")).isEqualTo(1);
    assertThat(devB.getJsonArray("streams").getJsonObject(0).getString("command")).isEqualTo("sysbench cpu run");
    assertThat(new JsonArray(get(client, port, "/api/runs").body())).hasSize(2);
    assertThat(get(client, port, "/api/runs/nosuchrun").status()).isEqualTo(404);
  }

  @Test
  void aStreamWithOutputAndNoStatusIsARunTheApiKnows(Vertx vertx) throws Exception {
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));
    AnalyzerVerticle analyzer = new AnalyzerVerticle(AnalysisConfig.defaults(), List.of(), alert -> { });
    await(vertx.deployVerticle(analyzer));
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, null),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), analyzer);
    await(vertx.deployVerticle(http));
    HttpClient client = HttpClient.newHttpClient();

    // What `sysbench ... | mosquitto_pub -l -t benchtap/v1/lab1/native/run1/sysbench/1/out` produces: values, no status.
    vertx.eventBus().publish(MeasurementBatch.ADDRESS, new MeasurementBatch(List.of(new Measurement(T0, "lab1", "native", "unknown",
        "run1", "sysbench", "cpu", "1", "events_per_second", 2358.04, "per_second", Phase.INTERVAL, Map.of(),
        TimeSource.ARRIVAL)), List.of()));

    Answer one = Awaitility.await("run1 in /api/runs").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .pollInSameThread().until(() -> get(client, http.actualPort(), "/api/runs/run1"), a -> a.status() == 200);
    JsonObject run = new JsonArray(one.body()).getJsonObject(0);
    assertThat(run.getString("device")).isEqualTo("lab1");
    assertThat(run.getString("tool")).isEqualTo("sysbench");
    assertThat(run.getString("state")).isEqualTo("streaming");
    JsonObject stream = run.getJsonArray("streams").getJsonObject(0);
    assertThat(stream.getString("instance")).isEqualTo("1");
    assertThat(stream.getString("firstOutput")).isNotNull();
    assertThat(stream.containsKey("exitCode")).as("no exit code was reported").isFalse();
  }
}
