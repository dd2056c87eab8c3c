package io.benchtap.analyze;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.MeasurementSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Wires the analysis into the running pipeline: listens to every batch the workers produce,
 * keeps the overhead statistics and the run registry up to date, exports overheads as
 * measurements ({@code benchtap_change_ratio}, {@code benchtap_overhead_ratio} and their bounds,
 * {@code benchtap_overhead_significant}) to the sinks, and raises alerts.
 */
public final class AnalyzerVerticle extends VerticleBase {
  private final AnalysisConfig config;
  private final List<MeasurementSink> sinks;
  private final Consumer<JsonObject> notify;
  private final Future<?> stopAfter;
  private final java.util.concurrent.atomic.AtomicLong exportsSkipped = new java.util.concurrent.atomic.AtomicLong();
  private OverheadAnalyzer analyzer;
  private RegressionDetector detector;
  private final RunRegistry runs = new RunRegistry();
  private Alerts alerts;
  private volatile JsonArray overheadJson = new JsonArray();
  private volatile JsonArray regressionJson = new JsonArray();
  private volatile JsonArray runsJson = new JsonArray();
  static final long RUNS_REFRESH_MS = 200;
  private long runsTimer = -1;

  public AnalyzerVerticle(AnalysisConfig config, List<MeasurementSink> sinks, Consumer<JsonObject> notify) {
    this(config, sinks, notify, Future.succeededFuture());
  }

  /** @param stopAfter a stop waits for this (at most 40 s): the pipeline's last batches still arrive */
  public AnalyzerVerticle(AnalysisConfig config, List<MeasurementSink> sinks, Consumer<JsonObject> notify, Future<?> stopAfter) {
    this.config = config;
    this.sinks = List.copyOf(sinks);
    this.notify = notify;
    this.stopAfter = stopAfter;
  }

  @Override
  public Future<?> stop() {
    return stopAfter.timeout(40, java.util.concurrent.TimeUnit.SECONDS).recover(e -> Future.succeededFuture());
  }

  @Override
  public Future<?> start() {
    analyzer = new OverheadAnalyzer(config);
    detector = new RegressionDetector(config);
    alerts = new Alerts(config.alertCooldown(), notify);
    var consumer = vertx.eventBus().<MeasurementBatch>localConsumer(MeasurementBatch.ADDRESS, m -> {
      for (RunEvent e : m.body().events()) {
        analyzer.accept(e);
        runs.accept(e);
        if (e.type() == RunEvent.Type.FAILED) {
          alerts.raise("run_failed", e.key().toString(), new JsonObject().put("device", e.key().device())
              .put("env", e.key().env()).put("tool", e.key().tool()).put("run", e.key().run())
              .put("reason", e.reason() == null ? "exit code " + e.exitCode() : e.reason()), Instant.now());
        }
      }
      boolean newStream = false;
      Instant arrival = Instant.now();
      for (Measurement measurement : m.body().measurements()) {
        analyzer.accept(measurement);
        newStream |= runs.output(measurement, arrival);
      }
      if (!m.body().events().isEmpty() || newStream) {
        runsChanged();
      }
    });
    vertx.setPeriodic(2000, id -> {
      // Streams known only from their output move to idle and their last output moves on.
      runsJson = runs.toJson(null);
      recompute(false);
    });
    vertx.setPeriodic(60_000, id -> {
      recompute(true);
      changePoints();
    });
    return consumer.completion();
  }

  private void recompute(boolean refresh) {
    boolean changed = analyzer.dirty();
    if (!changed && !refresh) {
      return;
    }
    analyzer.markClean();
    List<Overhead> overheads = analyzer.overheads();
    JsonArray json = new JsonArray();
    List<Measurement> export = new ArrayList<>();
    Instant now = Instant.now();
    for (Overhead o : overheads) {
      json.add(OverheadJson.of(o));
      export.addAll(measurements(o, now));
      if (o.significant() && o.overhead() > config.overheadThreshold()) {
        alerts.raise("container_overhead", key(o.cell()), OverheadJson.of(o), now);
      }
    }
    overheadJson = json;
    JsonArray regs = new JsonArray();
    for (Regression r : detector.regressions(analyzer.cells())) {
      JsonObject j = OverheadJson.of(r);
      regs.add(j);
      alerts.raise("regression", key(r.cell()) + "|" + r.campaign(), j, now);
    }
    JsonArray old = regressionJson;
    old.stream().filter(x -> "changepoint".equals(((JsonObject) x).getString("kind"))).forEach(regs::add);
    regressionJson = regs;
    // Values recomputed from new data go to every sink; a periodic refresh without new data only
    // keeps the Prometheus series from expiring and writes nothing again to InfluxDB or the file.
    for (MeasurementSink s : sinks) {
      if (!changed && !s.name().equals("prometheus")) {
        continue;
      }
      if (s.backlogged()) {
        // A sink that cannot write now would keep these in memory until it can; they are
        // recomputed from the data anyway, and the next change writes them again.
        exportsSkipped.incrementAndGet();
        continue;
      }
      s.write(export, List.of());
    }
  }

  private void changePoints() {
    vertx.<List<Regression>>executeBlocking(() -> detector.changePoints(analyzer.cells()), false).onSuccess(points -> {
      JsonArray regs = new JsonArray();
      regressionJson.stream().filter(x -> !"changepoint".equals(((JsonObject) x).getString("kind"))).forEach(regs::add);
      for (Regression r : points) {
        JsonObject j = OverheadJson.of(r);
        regs.add(j);
        alerts.raise("changepoint", key(r.cell()) + "|" + r.at(), j, Instant.now());
      }
      regressionJson = regs;
    });
  }

  static String key(CellKey c) {
    return c.device() + "/" + c.env() + "/" + c.net() + "/" + c.tool() + "/" + c.benchmark() + "/" + c.metric()
        + c.labelText() + "/x" + c.instances();
  }

  static List<Measurement> measurements(Overhead o, Instant now) {
    CellKey c = o.cell();
    Map<String, String> labels = new TreeMap<>(c.labels());
    labels.put("metric", c.metric());
    labels.put("instances", String.valueOf(c.instances()));
    List<Measurement> out = new ArrayList<>();
    double[][] values = {
        {o.change(), o.changeLower(), o.changeUpper()}, {o.overhead(), o.overheadLower(), o.overheadUpper()}};
    String[] names = {"change_ratio", "overhead_ratio"};
    String[] suffix = {"", "_lower", "_upper"};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        if (Double.isFinite(values[i][j])) {
          out.add(new Measurement(now, c.device(), c.env(), c.net(), o.campaign(), c.tool(), c.benchmark(), "all",
              names[i] + suffix[j], values[i][j], "ratio", Phase.FINAL, labels, TimeSource.ARRIVAL));
        }
      }
    }
    out.add(new Measurement(now, c.device(), c.env(), c.net(), o.campaign(), c.tool(), c.benchmark(), "all",
        "overhead_significant", o.significant() ? 1 : 0, "count", Phase.FINAL, labels, TimeSource.ARRIVAL));
    out.add(new Measurement(now, c.device(), c.env(), c.net(), o.campaign(), c.tool(), c.benchmark(), "all",
        "overhead_judged", o.judged() ? 1 : 0, "count", Phase.FINAL, labels, TimeSource.ARRIVAL));
    double noise = Math.max(io.benchtap.analyze.stats.Comparisons.Result.cv(o.container()),
        io.benchtap.analyze.stats.Comparisons.Result.cv(o.nativeSide()));
    if (Double.isFinite(noise)) {
      // The spread beside the change: a change smaller than this is hard to tell from noise.
      out.add(new Measurement(now, c.device(), c.env(), c.net(), o.campaign(), c.tool(), c.benchmark(), "all",
          "change_noise_ratio", noise, "ratio", Phase.FINAL, labels, TimeSource.ARRIVAL));
    }
    return out;
  }

  /** /api/overhead, filtered by the given query parameters (device, tool, env, net, instances). */
  public JsonArray overhead(Map<String, String> filters) {
    JsonArray out = new JsonArray();
    for (Object o : overheadJson) {
      JsonObject j = (JsonObject) o;
      boolean keep = filters.entrySet().stream().allMatch(f -> f.getValue() == null
          || f.getValue().equals(String.valueOf(j.getValue(f.getKey()))));
      if (keep) {
        out.add(j);
      }
    }
    return out;
  }

  /** Overhead exports not written to a sink because it was failing then. */
  public long exportsSkipped() {
    return exportsSkipped.get();
  }

  public JsonArray regressions() {
    return regressionJson;
  }

  public JsonArray runs() {
    return runsJson;
  }

  /**
   * The snapshot /api/runs serves is rebuilt at most every {@link #RUNS_REFRESH_MS} ms: rebuilding
   * it for every batch with a run event cost O(runs) per event, 12 % of benchtap's CPU time while it
   * drained a backlog of short runs (docs/performance.md, drain profile).
   */
  private void runsChanged() {
    if (runsTimer >= 0) {
      return;
    }
    runsTimer = vertx.setTimer(RUNS_REFRESH_MS, id -> {
      runsTimer = -1;
      runsJson = runs.toJson(null);
    });
  }
}
