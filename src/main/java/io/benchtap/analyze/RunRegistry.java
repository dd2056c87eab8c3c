package io.benchtap.analyze;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What benchtap knows about runs, from their lifecycle events: the backing of /api/runs. Keeps
 * the most recent runs (bounded), each with its streams (instances), state, exit codes and
 * labels. Single-threaded use; {@link #toJson} makes a copy.
 *
 * <p>A run record is one device's run of one tool in one environment: it is keyed by (device,
 * env, tool, run), never by the run id alone, because run ids are chosen by the devices and two
 * of them may use the same one. A device can publish only on its own topics (docs/mqtt-contract.md,
 * Security), so no device can touch another's record. Within a record, an event changes only the
 * stream (instance) its topic names; what the record shows as a whole (started, finished,
 * instances, labels, state) is derived from its streams.
 *
 * <p>Streams that send output without any status (plain {@code mosquitto_pub -l}, the agent's
 * device-health stream) are runs too, known from their output alone: {@code streaming} while
 * lines arrive, {@code idle} after {@link #IDLE} without one, and {@code ended} once every stream
 * of the same device, environment and run that did report a status has finished or failed (the
 * agent's health sampling stops with its benchmarks). Such a stream has {@code firstOutput} and
 * {@code lastOutput} (arrival times) and never an exit code: nothing reported one.
 */
public final class RunRegistry {
  private static final int MAX_RUNS = 1000;
  /** A stream known only from its output is idle after this long without a line. */
  public static final Duration IDLE = Duration.ofSeconds(60);

  /** The identity of a run record. */
  private record RunKey(String device, String env, String tool, String run) {
    static RunKey of(StreamKey k) {
      return new RunKey(k.device(), k.env(), k.tool(), k.run());
    }
  }

  /** One stream of a run: everything an event on that stream's topic may change. */
  private static final class Stream {
    final JsonObject json;
    int instances;
    Instant started;
    Instant finished;
    Instant firstOutput;
    Instant lastOutput;
    boolean fromStatus;
    final Map<String, String> labels = new TreeMap<>();

    Stream(String instance) {
      json = new JsonObject().put("instance", instance);
    }
  }

  /** A run record: its streams by instance, and the net last reported by one of them (a run has one). */
  private static final class Run {
    final Map<String, Stream> streams = new TreeMap<>();
    String net;
  }

  private final LinkedHashMap<RunKey, Run> runs = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<RunKey, Run> e) {
      return size() > MAX_RUNS;
    }
  };

  /**
   * Notes that a stream sent output (a measurement of it arrived at {@code arrival}); a stream
   * seen for the first time becomes a run record. Returns whether a record or stream was new.
   */
  public boolean output(Measurement m, Instant arrival) {
    boolean[] created = {false};
    Run r = runs.computeIfAbsent(new RunKey(m.device(), m.env(), m.tool(), m.run()), k -> {
      created[0] = true;
      return new Run();
    });
    Stream s = r.streams.computeIfAbsent(m.instance(), i -> {
      created[0] = true;
      return new Stream(i);
    });
    if (r.net == null && !"unknown".equals(m.net())) {
      r.net = m.net();
    }
    if (s.firstOutput == null) {
      s.firstOutput = arrival;
    }
    s.lastOutput = arrival;
    return created[0];
  }

  public void accept(RunEvent e) {
    Run r = runs.computeIfAbsent(RunKey.of(e.key()), k -> new Run());
    Stream s = r.streams.computeIfAbsent(e.key().instance(), Stream::new);
    s.fromStatus = true;
    if (!"unknown".equals(e.net())) {
      r.net = e.net();
    }
    s.instances = Math.max(s.instances, e.instances());
    switch (e.type()) {
      case STARTED -> {
        s.started = s.started == null || e.time().isBefore(s.started) ? e.time() : s.started;
        s.labels.putAll(e.labels());
        s.json.put("state", "running").put("started", e.time().toString());
        if (e.command() != null) {
          s.json.put("command", e.command());
        }
        if (e.version() != null) {
          s.json.put("version", e.version());
        }
      }
      case FINISHED -> {
        s.finished = s.finished == null || e.time().isAfter(s.finished) ? e.time() : s.finished;
        s.json.put("state", e.exitCode() != null && e.exitCode() != 0 ? "failed" : "finished")
            .put("finished", e.time().toString()).put("exitCode", e.exitCode());
        if (Double.isFinite(e.durationSeconds())) {
          s.json.put("durationSeconds", e.durationSeconds());
        }
      }
      case FAILED -> s.json.put("state", "failed").put("reason", e.reason());
      default -> { }
    }
  }

  /**
   * All run records, newest first; with {@code onlyRun}, every record with that run id (one per
   * device, environment and tool that used it).
   */
  public JsonArray toJson(String onlyRun) {
    return toJson(onlyRun, Instant.now());
  }

  /** {@link #toJson(String)} as of {@code now} (which streams known from output are idle). */
  public JsonArray toJson(String onlyRun, Instant now) {
    JsonArray out = new JsonArray();
    Map<java.util.List<String>, Boolean> statusRunning = new java.util.HashMap<>();
    runs.forEach((key, r) -> {
      for (Stream s : r.streams.values()) {
        if (s.fromStatus) {
          statusRunning.merge(java.util.List.of(key.device(), key.env(), key.run()),
              "running".equals(s.json.getString("state")), Boolean::logicalOr);
        }
      }
    });
    runs.forEach((key, r) -> {
      if (onlyRun != null && !onlyRun.equals(key.run())) {
        return;
      }
      JsonObject labels = new JsonObject();
      JsonArray streams = new JsonArray();
      Instant started = null;
      Instant finished = null;
      int instances = 0;
      boolean running = false;
      boolean failed = false;
      boolean streaming = false;
      boolean idle = false;
      Boolean siblings = statusRunning.get(java.util.List.of(key.device(), key.env(), key.run()));
      for (Stream s : r.streams.values()) {
        s.labels.forEach(labels::put);
        JsonObject stream = s.json.copy();
        if (s.firstOutput != null) {
          stream.put("firstOutput", s.firstOutput.toString()).put("lastOutput", s.lastOutput.toString());
          if (!s.fromStatus) {
            String state = Boolean.FALSE.equals(siblings) ? "ended"
                : Duration.between(s.lastOutput, now).compareTo(IDLE) > 0 ? "idle" : "streaming";
            stream.put("state", state).put("source", "output");
            if (state.equals("ended") && (finished == null || s.lastOutput.isAfter(finished))) {
              finished = s.lastOutput;
            }
            streaming |= state.equals("streaming");
            idle |= state.equals("idle");
            started = started == null || s.firstOutput.isBefore(started) ? s.firstOutput : started;
          }
        }
        streams.add(stream);
        if (s.started != null && (started == null || s.started.isBefore(started))) {
          started = s.started;
        }
        if (s.finished != null && (finished == null || s.finished.isAfter(finished))) {
          finished = s.finished;
        }
        instances = Math.max(instances, s.instances);
        running |= "running".equals(stream.getString("state"));
        failed |= "failed".equals(stream.getString("state"));
      }
      String state = running ? "running" : streaming ? "streaming" : idle ? "idle" : failed ? "failed" : "finished";
      if (!running && !streaming && !idle && !failed && r.streams.values().stream().noneMatch(s -> s.fromStatus)) {
        state = "ended";
      }
      out.add(new JsonObject().put("run", key.run()).put("device", key.device()).put("env", key.env()).put("net", r.net)
          .put("tool", key.tool()).put("instances", instances).put("state", state)
          .put("started", started == null ? null : started.toString())
          .put("finished", finished == null ? null : finished.toString())
          .put("labels", labels).put("streams", streams));
    });
    JsonArray reversed = new JsonArray();
    for (int i = out.size() - 1; i >= 0; i--) {
      reversed.add(out.getValue(i));
    }
    return reversed;
  }
}
