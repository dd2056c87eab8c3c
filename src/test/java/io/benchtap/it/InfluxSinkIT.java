package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.config.Cfg;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.durable.Unacked;
import io.benchtap.sink.influx.InfluxConfig;
import io.benchtap.sink.influx.InfluxSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** influxdb-client-java writing through our sink to a real InfluxDB-protocol store. */
class InfluxSinkIT {
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path dir;


  @Test
  void pointsArriveWithTheirOwnTimestampAndAwkwardTagValuesIntact() throws Exception {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InfluxConfig cfg = InfluxConfig.from(new Cfg(new JsonObject()
        .put("influx", new JsonObject().put("url", ItEnv.vmUrl()).put("token", "it-token").put("flushIntervalMs", 100)
            .put("spoolDir", dir.resolve("spool0").toString()))));
    InfluxSink sink = new InfluxSink(vertx, cfg, registry, Unacked.NONE);
    String device = "gerät \"α\",x=1 " + UUID.randomUUID().toString().substring(0, 6);
    Instant t = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    Measurement m = new Measurement(t, device, "lxc", "macvlan", "run 1", "sysbench", "memory", "3",
        "memory_throughput_bytes_per_second", 13386446274.56, "bytes_per_second", Phase.FINAL, Map.of("op", "read"), TimeSource.DEVICE);
    sink.write(List.of(m), List.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    String match = URLEncoder.encode("{__name__=\"sysbench_memory_throughput_bytes_per_second\",net=\"macvlan\",instance=\"3\"}", StandardCharsets.UTF_8);
    JsonObject[] found = new JsonObject[1];
    ItEnv.await("the point in VictoriaMetrics", Duration.ofSeconds(30), () -> {
      ItEnv.http(ItEnv.vmUrl() + "/internal/force_flush");
      ItEnv.http(ItEnv.vmUrl() + "/api/v1/export?match[]=" + match).body().lines().filter(l -> !l.isBlank())
          .map(JsonObject::new).filter(j -> device.equals(j.getJsonObject("metric").getString("device")))
          .forEach(j -> found[0] = j);
      return found[0] != null;
    });
    JsonObject labels = found[0].getJsonObject("metric");
    assertThat(labels.getString("run")).isEqualTo("run 1");
    assertThat(labels.getString("op")).isEqualTo("read");
    assertThat(labels.getString("phase")).isEqualTo("final");
    assertThat(found[0].getJsonArray("values").getDouble(0)).isEqualTo(13386446274.56);
    assertThat(found[0].getJsonArray("timestamps").getLong(0)).isEqualTo(t.toEpochMilli());
    ItEnv.await("success event counted", Duration.ofSeconds(10),
        () -> registry.get("benchtap.sink.writes").tag("sink", "influx").counter().count() >= 1);
    assertThat(sink.health().up()).isTrue();
    assertThat(sink.health().detail()).doesNotContain("it-token");
    sink.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  @Test
  void anUnreachableStoreIsReportedWithoutBlockingWrites() throws Exception {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    int closedPort = ItEnv.freePort();
    InfluxConfig cfg = InfluxConfig.from(new Cfg(new JsonObject().put("influx", new JsonObject()
        .put("url", "http://127.0.0.1:" + closedPort).put("flushIntervalMs", 50).put("retryIntervalMs", 50)
        .put("token", "secret-token").put("spoolDir", dir.resolve("spool1").toString()))));
    InfluxSink sink = new InfluxSink(vertx, cfg, registry, Unacked.NONE);
    Measurement m = new Measurement(Instant.now(), "d", "native", "host", "r", "sysbench", "cpu", "1",
        "events_per_second", 1, "per_second", Phase.FINAL, Map.of(), TimeSource.ARRIVAL);
    assertThat(sink.write(List.of(m), List.of()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
    ItEnv.await("failure reported in health", Duration.ofSeconds(20), () -> !sink.health().up());
    assertThat(sink.health().detail()).contains("last write failed").contains("1 point(s) kept in the spool")
        .doesNotContain("secret-token");
    // A failed write is a retry, not a loss: the "measurements are being lost" alert watches failures.
    assertThat(registry.get("benchtap.sink.retries").tag("sink", "influx").counter().count()).isPositive();
    assertThat(registry.get("benchtap.sink.failures").tag("sink", "influx").counter().count()).isZero();
    sink.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  @Test
  void anOutageKeepsEverythingInTheSpoolAndItArrivesInOrderWhenTheStoreIsBack() throws Exception {
    int port = ItEnv.freePort();
    java.nio.file.Path data = dir.resolve("vm");
    java.util.List<String> cmd = List.of("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath=" + data,
        "-retentionPeriod=1d", "-search.latencyOffset=0s");
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InfluxConfig cfg = InfluxConfig.from(new Cfg(new JsonObject().put("influx", new JsonObject()
        .put("url", "http://127.0.0.1:" + port).put("flushIntervalMs", 50).put("retryIntervalMs", 100).put("maxRetryDelayMs", 500)
        .put("batchSize", 7).put("spoolDir", dir.resolve("spool2").toString()))));
    InfluxSink sink = new InfluxSink(vertx, cfg, registry, Unacked.NONE);
    String device = "outage-" + UUID.randomUUID().toString().substring(0, 6);
    Instant t0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    int n = 60;
    for (int i = 0; i < n; i++) {
      Measurement m = new Measurement(t0.plusMillis(1000L * i), device, "native", "host", "r", "sysbench", "cpu", "1",
          "events_per_second", i, "per_second", Phase.INTERVAL, Map.of(), TimeSource.DEVICE);
      sink.write(List.of(m), List.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    ItEnv.await("the store's absence reported", Duration.ofSeconds(10), () -> !sink.health().up());
    assertThat(registry.get("benchtap.queue.depth").tag("queue", "influx").gauge().value()).isEqualTo(n);
    Process vm = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("vm.log").toFile()).start();
    try {
      String match = URLEncoder.encode("{__name__=\"sysbench_events_per_second\",device=\"" + device + "\"}", StandardCharsets.UTF_8);
      JsonObject[] found = new JsonObject[1];
      ItEnv.await("all " + n + " points in the store after the outage", Duration.ofSeconds(60), () -> {
        ItEnv.http("http://127.0.0.1:" + port + "/internal/force_flush");
        String body = ItEnv.http("http://127.0.0.1:" + port + "/api/v1/export?match[]=" + match).body();
        if (body.isBlank() || !body.startsWith("{")) {
          return false;
        }
        found[0] = new JsonObject(body.lines().findFirst().orElse("{}"));
        return found[0].getJsonArray("values", new io.vertx.core.json.JsonArray()).size() == n;
      });
      io.vertx.core.json.JsonArray values = found[0].getJsonArray("values");
      for (int i = 0; i < n; i++) {
        assertThat(values.getDouble(i)).as("point %d in order", i).isEqualTo(i);
      }
      ItEnv.await("spool empty and healthy", Duration.ofSeconds(10), () -> sink.health().up() && sink.health().detail().startsWith("0 point"));
    } finally {
      vm.destroy();
      vm.waitFor(10, TimeUnit.SECONDS);
      sink.close().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
      vertx.close();
    }
  }
}
