package io.benchtap.http;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementJson;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded in-memory state behind the live page: runs (from run events, or inferred from the
 * output of streams that sent no status), the last points of each interval series, and the latest
 * final value of each series. Every map is capped and evicts its least recently updated entry.
 * Not thread-safe: {@link LiveFeed} uses it from one event loop.
 */
final class LiveView {
  private final LiveFeed.Limits limits;
  private final Map<String, Series> series;
  private final Map<String, Measurement> finals;
  private final Map<StreamKey, Run> runs;

  LiveView(LiveFeed.Limits limits) {
    this.limits = limits;
    this.series = lru(limits.maxSeries());
    this.finals = lru(limits.maxSeries());
    this.runs = lru(limits.maxRuns());
  }

  private static <K, V> Map<K, V> lru(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /**
   * The identity of a series: everything but time and value. The run is part of it, so that the
   * next run of the same device, env, tool and instance is a line of its own, not the same line
   * bridged across the pause between them (the page's {@code seriesKey} is the same).
   */
  static String seriesKey(Measurement m) {
    StringBuilder b = new StringBuilder(96).append(m.device()).append('|').append(m.env()).append('|').append(m.net())
        .append('|').append(m.tool()).append('|').append(m.benchmark()).append('|').append(m.instance()).append('|')
        .append(m.metric()).append('|');
    m.labels().forEach((k, v) -> b.append(k).append('=').append(v).append(','));
    return b.append('|').append(m.run()).toString();
  }

  /** Whether a measurement can be shown (JSON has no NaN or infinity). */
  static boolean showable(Measurement m) {
    return Double.isFinite(m.value());
  }

  /**
   * Applies what one pipeline message produced; returns the runs whose shown state changed, as
   * the JSON sent in {@code run} events.
   */
  List<JsonObject> apply(List<Measurement> measurements, List<RunEvent> events) {
    List<JsonObject> changed = new ArrayList<>(2);
    for (Measurement m : measurements) {
      if (!showable(m)) {
        continue;
      }
      String key = seriesKey(m);
      if (m.phase() == Phase.INTERVAL) {
        Series s = series.get(key);
        if (s == null) {
          s = new Series(m, limits.pointsPerSeries());
          series.put(key, s);
        }
        s.add(m.time().toEpochMilli(), m.value());
      } else {
        finals.put(key, m);
      }
      inferRun(m, changed);
    }
    for (RunEvent e : events) {
      Run r = runs.get(e.key());
      if (r == null || e.type() == RunEvent.Type.STARTED) {
        r = new Run(e.key(), e.net(), e.time().toEpochMilli());
        r.fromStatus = e.type() == RunEvent.Type.STARTED;
        runs.put(e.key(), r);
      }
      r.updated = Math.max(r.updated, e.time().toEpochMilli());
      if (e.instances() > 0) {
        r.instances = e.instances();
      }
      switch (e.type()) {
        case STARTED -> {
          r.command = e.command();
          r.version = e.version();
          r.state = "running";
        }
        case FINISHED -> {
          r.exitCode = e.exitCode();
          r.durationSeconds = e.durationSeconds();
          if (!"failed".equals(r.state)) {
            r.state = "finished";
          }
        }
        case FAILED -> {
          r.state = "failed";
          r.reason = e.reason();
          r.exitCode = e.exitCode() == null ? r.exitCode : e.exitCode();
        }
      }
      replaceChanged(changed, r);
      if (e.type() != RunEvent.Type.STARTED) {
        endCompanions(e.key(), changed);
      }
    }
    return changed;
  }

  /**
   * Streams of a run known only from their output (the agent's {@code devhealth} samples) stop
   * with the run: once every stream of the same device, env and run that reported a status has
   * ended, they are shown as finished instead of running on.
   */
  private void endCompanions(StreamKey ended, List<JsonObject> changed) {
    if (!reportedRunEnded(ended)) {
      return;
    }
    for (Run r : runs.values()) {
      if (!r.fromStatus && "running".equals(r.state) && sameRun(r.key, ended)) {
        r.state = "finished";
        replaceChanged(changed, r);
      }
    }
  }

  /** Whether streams of this device, env and run reported a status and none of them runs any more. */
  private boolean reportedRunEnded(StreamKey k) {
    boolean reported = false;
    for (Run r : runs.values()) {
      if (r.fromStatus && sameRun(r.key, k)) {
        if ("running".equals(r.state)) {
          return false;
        }
        reported = true;
      }
    }
    return reported;
  }

  private static boolean sameRun(StreamKey a, StreamKey b) {
    return a.device().equals(b.device()) && a.env().equals(b.env()) && a.run().equals(b.run());
  }

  /** A stream that sent no {@code started} status still shows as a run: running until its first final value. */
  private void inferRun(Measurement m, List<JsonObject> changed) {
    StreamKey key = new StreamKey(m.device(), m.env(), m.run(), m.tool(), m.instance());
    long t = m.time().toEpochMilli();
    Run r = runs.get(key);
    if (r == null) {
      r = new Run(key, m.net(), t);
      r.state = m.phase() == Phase.FINAL || reportedRunEnded(key) ? "finished" : "running";
      runs.put(key, r);
      replaceChanged(changed, r);
    } else if (!r.fromStatus && m.phase() == Phase.FINAL && "running".equals(r.state)) {
      r.state = "finished";
      replaceChanged(changed, r);
    }
    r.updated = Math.max(r.updated, t);
  }

  private static void replaceChanged(List<JsonObject> changed, Run r) {
    JsonObject json = r.toJson();
    changed.removeIf(j -> j.getString("run").equals(r.key.run()) && j.getString("instance").equals(r.key.instance())
        && j.getString("device").equals(r.key.device()) && j.getString("env").equals(r.key.env())
        && j.getString("tool").equals(r.key.tool()));
    changed.add(json);
  }

  int seriesCount() {
    return series.size();
  }

  int finalsCount() {
    return finals.size();
  }

  int runsCount() {
    return runs.size();
  }

  /** The whole view as JSON: {@code seq} is the id of the last event it includes. */
  JsonObject snapshot(long seq, Instant now) {
    JsonArray rs = new JsonArray();
    runs.values().forEach(r -> rs.add(r.toJson()));
    JsonArray ss = new JsonArray();
    series.values().forEach(s -> ss.add(s.toJson()));
    JsonArray fs = new JsonArray();
    finals.values().forEach(m -> fs.add(MeasurementJson.of(m)));
    return new JsonObject().put("seq", seq).put("now", now.toEpochMilli())
        .put("limits", new JsonObject().put("pointsPerSeries", limits.pointsPerSeries()).put("maxSeries", limits.maxSeries())
            .put("maxRuns", limits.maxRuns()))
        .put("runs", rs).put("series", ss).put("finals", fs);
  }

  /** One interval series: its identity and a ring of its last points. */
  private static final class Series {
    private final Measurement identity;
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;

    Series(Measurement first, int capacity) {
      this.identity = first;
      this.times = new long[capacity];
      this.values = new double[capacity];
    }

    void add(long time, double value) {
      int i = (start + size) % times.length;
      times[i] = time;
      values[i] = value;
      if (size < times.length) {
        size++;
      } else {
        start = (start + 1) % times.length;
      }
    }

    JsonObject toJson() {
      JsonArray t = new JsonArray();
      JsonArray v = new JsonArray();
      for (int k = 0; k < size; k++) {
        int i = (start + k) % times.length;
        t.add(times[i]);
        v.add(values[i]);
      }
      JsonObject labels = new JsonObject();
      identity.labels().forEach(labels::put);
      return new JsonObject().put("device", identity.device()).put("env", identity.env()).put("net", identity.net())
          .put("tool", identity.tool()).put("benchmark", identity.benchmark()).put("instance", identity.instance())
          .put("run", identity.run()).put("metric", identity.metric()).put("unit", identity.unit()).put("labels", labels).put("t", t).put("v", v);
    }
  }

  /** One benchmark process (stream) as the runs table shows it. */
  private static final class Run {
    final StreamKey key;
    final String net;
    final long started;
    long updated;
    boolean fromStatus;
    String state = "running";
    String command;
    String version;
    int instances;
    Integer exitCode;
    double durationSeconds = Double.NaN;
    String reason;

    Run(StreamKey key, String net, long started) {
      this.key = key;
      this.net = net;
      this.started = started;
      this.updated = started;
    }

    JsonObject toJson() {
      JsonObject j = new JsonObject().put("device", key.device()).put("env", key.env()).put("net", net)
          .put("run", key.run()).put("tool", key.tool()).put("instance", key.instance()).put("state", state)
          .put("started", started).put("updated", updated).put("source", fromStatus ? "status" : "output");
      if (command != null) {
        j.put("command", command);
      }
      if (version != null) {
        j.put("version", version);
      }
      if (instances > 0) {
        j.put("instances", instances);
      }
      if (exitCode != null) {
        j.put("exitCode", exitCode);
      }
      if (Double.isFinite(durationSeconds)) {
        j.put("durationSeconds", durationSeconds);
      }
      if (reason != null) {
        j.put("reason", reason);
      }
      return j;
    }
  }
}
