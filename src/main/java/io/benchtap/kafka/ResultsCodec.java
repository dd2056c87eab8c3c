package io.benchtap.kafka;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a results-topic record: one stream's final values and run events of one batch, as
 * JSON {@code {"m":[...],"e":[...]}} with every field of {@link Measurement} and {@link RunEvent}
 * (times as epoch nanoseconds, so they come back exactly). Plain Java, no state.
 */
public final class ResultsCodec {
  private ResultsCodec() {}

  public static JsonObject encode(List<Measurement> ms, List<RunEvent> events) {
    JsonArray m = new JsonArray();
    for (Measurement x : ms) {
      m.add(new JsonObject().put("t", nanos(x.time())).put("device", x.device()).put("env", x.env()).put("net", x.net())
          .put("run", x.run()).put("tool", x.tool()).put("benchmark", x.benchmark()).put("instance", x.instance())
          .put("metric", x.metric()).put("value", x.value()).put("unit", x.unit()).put("phase", x.phase().name())
          .put("labels", new JsonObject(new HashMap<>(x.labels()))).put("source", x.timeSource().name()));
    }
    JsonArray e = new JsonArray();
    for (RunEvent x : events) {
      StreamKey k = x.key();
      e.add(new JsonObject().put("t", nanos(x.time()))
          .put("key", new JsonArray().add(k.device()).add(k.env()).add(k.run()).add(k.tool()).add(k.instance()))
          .put("net", x.net()).put("type", x.type().name()).put("command", x.command()).put("version", x.version())
          .put("instances", x.instances()).put("exitCode", x.exitCode())
          .put("duration", Double.isNaN(x.durationSeconds()) ? null : x.durationSeconds()).put("reason", x.reason())
          .put("labels", new JsonObject(new HashMap<>(x.labels()))));
    }
    return new JsonObject().put("m", m).put("e", e);
  }

  /** The measurements of a record; throws {@link IllegalArgumentException} on a malformed one. */
  public static List<Measurement> measurements(JsonObject o) {
    try {
      return o.getJsonArray("m", new JsonArray()).stream().map(JsonObject.class::cast).map(x -> new Measurement(
          time(x.getLong("t")), x.getString("device"), x.getString("env"), x.getString("net"), x.getString("run"),
          x.getString("tool"), x.getString("benchmark"), x.getString("instance"), x.getString("metric"),
          x.getDouble("value"), x.getString("unit"), Phase.valueOf(x.getString("phase")), strings(x.getJsonObject("labels")),
          TimeSource.valueOf(x.getString("source")))).toList();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed results record: " + e, e);
    }
  }

  /** The run events of a record; throws {@link IllegalArgumentException} on a malformed one. */
  public static List<RunEvent> events(JsonObject o) {
    try {
      return o.getJsonArray("e", new JsonArray()).stream().map(JsonObject.class::cast).map(x -> {
        JsonArray k = x.getJsonArray("key");
        Double d = x.getDouble("duration");
        return new RunEvent(time(x.getLong("t")), new StreamKey(k.getString(0), k.getString(1), k.getString(2),
            k.getString(3), k.getString(4)), x.getString("net"), RunEvent.Type.valueOf(x.getString("type")),
            x.getString("command"), x.getString("version"), x.getInteger("instances", 0), x.getInteger("exitCode"),
            d == null ? Double.NaN : d, x.getString("reason"), strings(x.getJsonObject("labels")));
      }).toList();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed results record: " + e, e);
    }
  }

  private static Map<String, String> strings(JsonObject o) {
    Map<String, String> m = new HashMap<>();
    if (o != null) {
      o.forEach(en -> m.put(en.getKey(), String.valueOf(en.getValue())));
    }
    return m;
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static Instant time(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
