package io.benchtap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run records are one device's run of one tool in one environment; a status touches only its own stream. */
class RunRegistryTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private static RunEvent started(String device, String instance, int second, String command, int instances, Map<String, String> labels) {
    return new RunEvent(T0.plusSeconds(second), new StreamKey(device, "native", "shared", "sysbench", instance), "host",
        RunEvent.Type.STARTED, command, "1.0.20", instances, null, Double.NaN, null, labels);
  }

  private static RunEvent finished(String device, String instance, int second, int exitCode) {
    return new RunEvent(T0.plusSeconds(second), new StreamKey(device, "native", "shared", "sysbench", instance), "unknown",
        RunEvent.Type.FINISHED, null, null, 0, exitCode, 30.0, null, Map.of());
  }

  private static JsonObject record(JsonArray runs, String device) {
    return runs.stream().map(JsonObject.class::cast).filter(j -> j.getString("device").equals(device)).findFirst().orElseThrow();
  }

  @Test
  void oneDevicesStatusForARunIdAnotherUsesMakesItsOwnRecordAndLeavesTheOtherAsItWas() {
    RunRegistry runs = new RunRegistry();
    runs.accept(started("devB", "1", 0, "sysbench cpu --threads=2 run", 2, Map.of("campaign", "quick")));
    runs.accept(started("devB", "2", 0, "sysbench cpu --threads=2 run", 2, Map.of("campaign", "quick")));
    JsonObject before = record(runs.toJson(null), "devB");

    // devA, publishing only on its own topics, uses the same run id.
    runs.accept(finished("devA", "1", 5, 1));
    runs.accept(started("devA", "4096", 6, "evil", 4096, Map.of("campaign", "evil")));

    JsonArray all = runs.toJson(null);
    assertThat(all).hasSize(2);
    assertThat(record(all, "devB")).isEqualTo(before);
    assertThat(before.getString("state")).isEqualTo("running");
    assertThat(before.getInteger("instances")).isEqualTo(2);
    assertThat(before.getJsonObject("labels").getString("campaign")).isEqualTo("quick");
    assertThat(before.getJsonArray("streams")).extracting(o -> ((JsonObject) o).getString("command"))
        .containsOnly("sysbench cpu --threads=2 run");
    JsonObject devA = record(all, "devA");
    assertThat(devA.getString("run")).isEqualTo("shared");
    assertThat(devA.getInteger("instances")).isEqualTo(4096);
    assertThat(devA.getJsonArray("streams")).hasSize(2);
    assertThat(runs.toJson("shared")).hasSize(2);
    assertThat(runs.toJson("other")).isEmpty();
  }

  @Test
  void theSameRunIdInAnotherEnvironmentOrToolIsAnotherRecord() {
    RunRegistry runs = new RunRegistry();
    runs.accept(started("dev", "1", 0, "sysbench cpu run", 1, Map.of()));
    runs.accept(new RunEvent(T0, new StreamKey("dev", "lxc", "shared", "sysbench", "1"), "veth", RunEvent.Type.STARTED,
        "sysbench cpu run", null, 1, null, Double.NaN, null, Map.of()));
    runs.accept(new RunEvent(T0, new StreamKey("dev", "native", "shared", "iperf3", "1"), "host", RunEvent.Type.STARTED,
        "iperf3 -c x", null, 1, null, Double.NaN, null, Map.of()));
    assertThat(runs.toJson("shared")).hasSize(3);
  }

  @Test
  void aStatusChangesOnlyTheStreamItsTopicNames() {
    RunRegistry runs = new RunRegistry();
    runs.accept(started("dev", "1", 0, "sysbench cpu run", 2, Map.of()));
    runs.accept(started("dev", "2", 1, "sysbench cpu run", 2, Map.of()));
    JsonObject stream1 = record(runs.toJson(null), "dev").getJsonArray("streams").getJsonObject(0).copy();

    runs.accept(finished("dev", "2", 30, 3));

    JsonObject run = record(runs.toJson(null), "dev");
    assertThat(run.getJsonArray("streams").getJsonObject(0)).isEqualTo(stream1);
    assertThat(run.getJsonArray("streams").getJsonObject(1).getString("state")).isEqualTo("failed");
    assertThat(run.getJsonArray("streams").getJsonObject(1).getInteger("exitCode")).isEqualTo(3);
    // Stream 1 still runs, so the run does; it began with its first stream and ended with its last.
    assertThat(run.getString("state")).isEqualTo("running");
    assertThat(run.getString("started")).isEqualTo(T0.toString());
    assertThat(run.getString("finished")).isEqualTo(T0.plusSeconds(30).toString());

    runs.accept(finished("dev", "1", 31, 0));
    assertThat(record(runs.toJson(null), "dev").getString("state")).isEqualTo("failed");
  }

  private static Measurement output(String device, String run, String tool, String instance) {
    return new Measurement(T0, device, "native", "unknown", run, tool, "cpu", instance, "events_per_second", 100.0,
        "per_second", Phase.INTERVAL, Map.of(), TimeSource.ARRIVAL);
  }

  @Test
  void aStreamThatSentOnlyOutputIsARunStreamingThenIdleWithoutAnExitCode() {
    RunRegistry runs = new RunRegistry();
    assertThat(runs.output(output("lab1", "run1", "sysbench", "1"), T0)).isTrue();
    assertThat(runs.output(output("lab1", "run1", "sysbench", "1"), T0.plusSeconds(10))).isFalse();

    JsonObject run = record(runs.toJson(null, T0.plusSeconds(20)), "lab1");
    assertThat(run.getString("run")).isEqualTo("run1");
    assertThat(run.getString("tool")).isEqualTo("sysbench");
    assertThat(run.getString("state")).isEqualTo("streaming");
    assertThat(run.getString("started")).isEqualTo(T0.toString());
    JsonObject stream = run.getJsonArray("streams").getJsonObject(0);
    assertThat(stream.getString("firstOutput")).isEqualTo(T0.toString());
    assertThat(stream.getString("lastOutput")).isEqualTo(T0.plusSeconds(10).toString());
    assertThat(stream.getString("source")).isEqualTo("output");
    assertThat(stream.containsKey("exitCode")).isFalse();

    JsonObject later = record(runs.toJson("run1", T0.plusSeconds(10).plus(RunRegistry.IDLE).plusSeconds(1)), "lab1");
    assertThat(later.getString("state")).isEqualTo("idle");
    assertThat(later.getJsonArray("streams").getJsonObject(0).containsKey("exitCode")).isFalse();
  }

  @Test
  void anOutputOnlyStreamOfARunEndsWhenTheRunsReportedStreamsHaveFinished() {
    RunRegistry runs = new RunRegistry();
    runs.accept(started("dev", "1", 0, "sysbench cpu run", 1, Map.of()));
    runs.output(output("dev", "shared", "devhealth", "host"), T0.plusSeconds(1));
    assertThat(state(runs, "devhealth", T0.plusSeconds(2))).isEqualTo("streaming");

    runs.accept(finished("dev", "1", 30, 0));
    assertThat(state(runs, "devhealth", T0.plusSeconds(31))).isEqualTo("ended");
    JsonObject health = runs.toJson(null, T0.plusSeconds(31)).stream().map(JsonObject.class::cast)
        .filter(j -> j.getString("tool").equals("devhealth")).findFirst().orElseThrow();
    assertThat(health.getString("finished")).isEqualTo(T0.plusSeconds(1).toString());
  }

  private static String state(RunRegistry runs, String tool, Instant now) {
    return runs.toJson(null, now).stream().map(JsonObject.class::cast).filter(j -> j.getString("tool").equals(tool))
        .findFirst().orElseThrow().getString("state");
  }
}
