package io.benchtap.analyze;

import io.benchtap.model.RunEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What benchtap knows about runs, from their lifecycle events: the backing of /api/runs. Keeps
 * the most recent runs (bounded), each with its streams (instances), state, exit codes and
 * labels. Single-threaded use; {@link #toJson} makes a copy.
 */
public final class RunRegistry {
  private static final int MAX_RUNS = 1000;

  private static final class Run {
    String device;
    String env;
    String net;
    String tool;
    int instances;
    Instant started;
    Instant finished;
    final Map<String, String> labels = new TreeMap<>();
    final Map<String, JsonObject> streams = new TreeMap<>();
  }

  private final LinkedHashMap<String, Run> runs = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Run> e) {
      return size() > MAX_RUNS;
    }
  };

  public void accept(RunEvent e) {
    Run r = runs.computeIfAbsent(e.key().run(), k -> new Run());
    r.device = e.key().device();
    r.env = e.key().env();
    r.tool = e.key().tool();
    if (!"unknown".equals(e.net())) {
      r.net = e.net();
    }
    r.instances = Math.max(r.instances, e.instances());
    JsonObject s = r.streams.computeIfAbsent(e.key().instance(), i -> new JsonObject().put("instance", i));
    switch (e.type()) {
      case STARTED -> {
        r.started = r.started == null || e.time().isBefore(r.started) ? e.time() : r.started;
        r.labels.putAll(e.labels());
        s.put("state", "running").put("started", e.time().toString());
        if (e.command() != null) {
          s.put("command", e.command());
        }
        if (e.version() != null) {
          s.put("version", e.version());
        }
      }
      case FINISHED -> {
        r.finished = r.finished == null || e.time().isAfter(r.finished) ? e.time() : r.finished;
        s.put("state", e.exitCode() != null && e.exitCode() != 0 ? "failed" : "finished")
            .put("finished", e.time().toString()).put("exitCode", e.exitCode());
        if (Double.isFinite(e.durationSeconds())) {
          s.put("durationSeconds", e.durationSeconds());
        }
      }
      case FAILED -> s.put("state", "failed").put("reason", e.reason());
      default -> { }
    }
  }

  /** All runs, newest first, optionally one only. */
  public JsonArray toJson(String onlyRun) {
    JsonArray out = new JsonArray();
    runs.forEach((id, r) -> {
      if (onlyRun != null && !onlyRun.equals(id)) {
        return;
      }
      JsonObject labels = new JsonObject();
      r.labels.forEach(labels::put);
      JsonArray streams = new JsonArray();
      r.streams.values().forEach(s -> streams.add(s.copy()));
      String state = r.streams.values().stream().anyMatch(s -> "running".equals(s.getString("state"))) ? "running"
          : r.streams.values().stream().anyMatch(s -> "failed".equals(s.getString("state"))) ? "failed" : "finished";
      out.add(new JsonObject().put("run", id).put("device", r.device).put("env", r.env).put("net", r.net)
          .put("tool", r.tool).put("instances", r.instances).put("state", state)
          .put("started", r.started == null ? null : r.started.toString())
          .put("finished", r.finished == null ? null : r.finished.toString())
          .put("labels", labels).put("streams", streams));
    });
    JsonArray reversed = new JsonArray();
    for (int i = out.size() - 1; i >= 0; i--) {
      reversed.add(out.getValue(i));
    }
    return reversed;
  }
}
