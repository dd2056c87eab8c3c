package io.benchtap.report;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.analyze.OverheadJson;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Overhead rows as the real analyzer makes them ({@link OverheadAnalyzer}, {@link OverheadJson}):
 * each {@link #rep} is one repetition of a cell, published the way {@code benchtap campaign run}
 * does (a started status per instance with the campaign and instance count, then a final value
 * per instance).
 */
final class OverheadRows {
  private final OverheadAnalyzer analyzer = new OverheadAnalyzer(AnalysisConfig.defaults());
  private Instant t = Instant.parse("2026-01-01T00:00:00Z");
  private int run;

  /** One cell of a campaign: everything but the values. */
  record Cell(String campaign, String device, String env, String net, String tool, String benchmark, String metric,
      Map<String, String> labels, int instances) {
    Cell env(String e, String n) {
      return new Cell(campaign, device, e, n, tool, benchmark, metric, labels, instances);
    }
  }

  static Cell cell(String device, String tool, String benchmark, String metric, Map<String, String> labels, int instances) {
    return new Cell("camp", device, "native", "host", tool, benchmark, metric, labels, instances);
  }

  /** One repetition: {@code perInstance[i]} is instance i+1's final value (SI). */
  OverheadRows rep(Cell c, double... perInstance) {
    String runId = "r" + (++run);
    Map<String, String> labels = new LinkedHashMap<>(Map.of("campaign", c.campaign()));
    for (int i = 1; i <= c.instances(); i++) {
      analyzer.accept(new RunEvent(t, new StreamKey(c.device(), c.env(), runId, c.tool(), String.valueOf(i)), c.net(),
          RunEvent.Type.STARTED, null, null, c.instances(), null, Double.NaN, null, labels));
    }
    for (int i = 1; i <= c.instances(); i++) {
      t = t.plusMillis(1);
      analyzer.accept(new Measurement(t, c.device(), c.env(), c.net(), runId, c.tool(), c.benchmark(), String.valueOf(i),
          c.metric(), perInstance[i - 1], "", Phase.FINAL, c.labels(), TimeSource.DEVICE));
    }
    return this;
  }

  /**
   * Repetitions of a cell natively and in each container (env, net) given, every instance the
   * same value, repetitions 1 % below, at and 1 % above it in turn (means exact for a multiple of 3).
   */
  OverheadRows reps(Cell c, int reps, double nativeValue, double containerValue, String... envNets) {
    for (int r = 0; r < reps; r++) {
      double wobble = 1 + 0.01 * ((r % 3) - 1);
      rep(c.env("native", "host"), fill(c.instances(), nativeValue * wobble));
      for (int i = 0; i < envNets.length; i += 2) {
        rep(c.env(envNets[i], envNets[i + 1]), fill(c.instances(), containerValue * wobble));
      }
    }
    return this;
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  List<JsonObject> rows() {
    List<JsonObject> out = new ArrayList<>();
    for (Overhead o : analyzer.overheads()) {
      out.add(OverheadJson.of(o));
    }
    return out;
  }
}
