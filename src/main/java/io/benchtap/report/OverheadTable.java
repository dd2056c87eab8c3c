package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The paper's tables (its Tables C and D): one row per device (and container network, instance
 * count), for each column (an {@code op} such as Copy or Triad, or the metric) the native mean
 * and the %change of the container, as Markdown or CSV. A {@code *} marks a change that Welch's
 * test calls significant.
 */
public final class OverheadTable {
  private OverheadTable() {}

  /** The label whose values become columns: op if present, else the metric itself. */
  static String column(JsonObject row) {
    JsonObject labels = row.getJsonObject("labels", new JsonObject());
    if (labels.containsKey("op")) {
      return labels.getString("op");
    }
    String extra = labels.fieldNames().isEmpty() ? "" : new TreeMap<>(labels.getMap()).toString();
    return row.getString("metric") + extra;
  }

  static String rowKey(JsonObject r) {
    return r.getString("device") + " | " + r.getString("env") + "/" + r.getString("net") + " | x" + r.getInteger("instances");
  }

  /** Markdown, one table per tool and metric. */
  public static String markdown(List<JsonObject> rows) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<JsonObject>> g : byToolMetric(rows).entrySet()) {
      List<JsonObject> rs = g.getValue();
      Set<String> cols = new LinkedHashSet<>();
      rs.forEach(r -> cols.add(column(r)));
      String unit = Units.unitOf(rs.get(0).getString("metric"));
      sb.append("### ").append(g.getKey()).append(" (").append(unit).append(")\n\n");
      sb.append("| device | container | instances |");
      cols.forEach(c -> sb.append(' ').append(c).append(" native | ").append(c).append(" %change |"));
      sb.append("\n|---|---|---|");
      cols.forEach(c -> sb.append("---:|---:|"));
      sb.append('\n');
      for (Map.Entry<String, Map<String, JsonObject>> row : rows(rs).entrySet()) {
        String[] k = row.getKey().split(" \\| ");
        sb.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(k[2].substring(1)).append(" |");
        for (String c : cols) {
          JsonObject r = row.getValue().get(c);
          if (r == null) {
            sb.append(" | |");
            continue;
          }
          sb.append(' ').append(Units.format(r.getJsonObject("native").getDouble("mean"), unit)).append(" | ")
              .append(percent(r.getDouble("changeRatio"))).append(r.getBoolean("significant", false) ? "*" : "").append(" |");
        }
        sb.append('\n');
      }
      sb.append('\n');
    }
    sb.append("%change = (container - native) / native of the means; * = significant (Welch's t-test).\n");
    return sb.toString();
  }

  /** CSV with every number, one line per cell. */
  public static String csv(List<JsonObject> rows) {
    StringBuilder sb = new StringBuilder("device,env,net,tool,benchmark,metric,column,instances,campaign,native_n,native_mean,"
        + "native_ci_lower,native_ci_upper,container_n,container_mean,change_ratio,change_ratio_lower,change_ratio_upper,"
        + "overhead_ratio,welch_p,mann_whitney_p,significant\n");
    for (JsonObject r : rows) {
      JsonObject n = r.getJsonObject("native");
      JsonObject c = r.getJsonObject("container");
      List<Object> f = List.of(r.getString("device"), r.getString("env"), r.getString("net"), r.getString("tool"),
          r.getString("benchmark"), r.getString("metric"), column(r), r.getInteger("instances"), r.getString("campaign"),
          n.getInteger("n"), v(n.getValue("mean")), v(n.getValue("ciLower")), v(n.getValue("ciUpper")), c.getInteger("n"),
          v(c.getValue("mean")), v(r.getValue("changeRatio")), v(r.getValue("changeRatioLower")), v(r.getValue("changeRatioUpper")),
          v(r.getValue("overheadRatio")), v(r.getValue("welchP")), v(r.getValue("mannWhitneyP")), r.getBoolean("significant"));
      List<String> cells = new ArrayList<>();
      f.forEach(x -> cells.add(csvCell(String.valueOf(x))));
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  private static String v(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String percent(Double ratio) {
    return ratio == null ? "n/a" : String.format(Locale.ROOT, "%+.1f", ratio * 100);
  }

  static Map<String, List<JsonObject>> byToolMetric(List<JsonObject> rows) {
    Map<String, List<JsonObject>> out = new TreeMap<>();
    for (JsonObject r : rows) {
      JsonObject labels = r.getJsonObject("labels", new JsonObject());
      String rest = labels.containsKey("op") ? "" : "";
      out.computeIfAbsent(r.getString("tool") + " " + r.getString("metric") + rest, k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  static Map<String, Map<String, JsonObject>> rows(List<JsonObject> rs) {
    Map<String, Map<String, JsonObject>> out = new TreeMap<>();
    rs.forEach(r -> out.computeIfAbsent(rowKey(r), k -> new LinkedHashMap<>()).put(column(r), r));
    return out;
  }
}
