package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every overhead row as a table, Markdown or CSV. Markdown: one table per tool, benchmark and
 * metric; one line per device, container (env/net), instance count and, when the rows come from
 * more than one campaign, campaign; one column pair (native mean, %change) per label set of the
 * metric ({@code op=copy}, {@code direction=sender}). So every part of a row's identity
 * ({@link CellId}) is a table, a line or a column, and no two rows share a cell. A {@code *} marks
 * a change the analyzer calls significant, a {@code ~} one it did not judge (too few repetitions).
 * The paper's own Tables C and D are {@link PaperTables}.
 */
public final class OverheadTable {
  private OverheadTable() {}

  /** One Markdown table: one tool, benchmark and metric. */
  record Table(String tool, String benchmark, String metric, String unit, List<String> columns, boolean byCampaign,
      List<Line> lines) {}

  /** One line of a table and its rows by column. */
  record Line(String device, String env, String net, int instances, String campaign, Map<String, JsonObject> cells) {}

  /** The column of a row in its table: its labels ({@code copy} for a lone {@code op}), else the metric. */
  static String column(CellId c) {
    if (c.labels().isEmpty()) {
      return c.metric();
    }
    if (c.labels().size() == 1 && c.labels().containsKey("op")) {
      return c.labels().get("op");
    }
    return c.labelText();
  }

  /**
   * Whether a row means something as a container overhead. Not: test counts (HPL's
   * {@code tests_total}: how many residual checks passed or failed is a verdict, not a
   * performance), a spread ({@code stat=stddev}: a per-thread standard deviation, zero on one
   * thread), and rows whose two means are both zero (no change can be computed).
   */
  static boolean meaningful(JsonObject row) {
    CellId c = CellId.of(row);
    if (c.metric().equals("tests_total") || "stddev".equals(c.labels().get("stat"))) {
      return false;
    }
    Double n = num(row.getJsonObject("native").getValue("mean"));
    Double k = num(row.getJsonObject("container").getValue("mean"));
    return !(n != null && k != null && n == 0 && k == 0);
  }

  /** The rows laid out as tables; every row is in exactly one cell. */
  static List<Table> tables(List<JsonObject> rows) {
    Map<List<String>, List<JsonObject>> byTable = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
        .thenComparing(k -> k.get(1), CellId.NATURAL).thenComparing(k -> k.get(2)));
    for (JsonObject r : rows) {
      CellId c = CellId.of(r);
      byTable.computeIfAbsent(List.of(c.tool(), c.benchmark(), c.metric()), k -> new ArrayList<>()).add(r);
    }
    List<Table> out = new ArrayList<>();
    for (Map.Entry<List<String>, List<JsonObject>> t : byTable.entrySet()) {
      boolean byCampaign = t.getValue().stream().map(r -> CellId.of(r).campaign()).distinct().count() > 1;
      TreeSet<String> columns = new TreeSet<>(CellId.NATURAL);
      Map<List<Object>, Line> lines = new TreeMap<>(LINE_ORDER);
      for (JsonObject r : t.getValue()) {
        CellId c = CellId.of(r);
        columns.add(column(c));
        Line line = lines.computeIfAbsent(List.of(c.device(), c.env(), c.net(), c.instances(), c.campaign()),
            k -> new Line(c.device(), c.env(), c.net(), c.instances(), c.campaign(), new LinkedHashMap<>()));
        CellId.putOnce(line.cells(), column(c), r);
      }
      out.add(new Table(t.getKey().get(0), t.getKey().get(1), t.getKey().get(2), Units.unitOf(t.getKey().get(2)),
          List.copyOf(columns), byCampaign, List.copyOf(lines.values())));
    }
    return out;
  }

  private static final Comparator<List<Object>> LINE_ORDER = Comparator
      .comparing((List<Object> k) -> (String) k.get(0), CellId.DEVICES)
      .thenComparing(k -> (String) k.get(1))
      .thenComparing(k -> (String) k.get(2), CellId.NETS)
      .thenComparingInt(k -> (Integer) k.get(3))
      .thenComparing(k -> (String) k.get(4), CellId.NATURAL);

  /** Markdown, one table per tool, benchmark and metric. */
  public static String markdown(List<JsonObject> all) {
    StringBuilder sb = new StringBuilder();
    boolean anyUnjudged = false;
    List<JsonObject> rows = all.stream().filter(OverheadTable::meaningful).toList();
    for (Table t : tables(rows)) {
      // How a repetition's value is formed from its instances, as the campaign's headline says it.
      List<JsonObject> tableRows = t.lines().stream().flatMap(l -> l.cells().values().stream()).toList();
      String per = tableRows.stream().allMatch(r -> CellId.of(r).instances() == 1) ? "" : PaperFigures.per(tableRows);
      String about = t.unit().isEmpty() ? per : per.isEmpty() ? t.unit() : t.unit() + "; " + per;
      sb.append("### ").append(t.tool()).append(' ').append(t.benchmark()).append(": ").append(t.metric())
          .append(about.isEmpty() ? "" : " (" + about + ")").append("\n\n");
      sb.append("| device | container | instances |").append(t.byCampaign() ? " campaign |" : "");
      t.columns().forEach(c -> sb.append(' ').append(c).append(" native | ").append(c).append(" %change |"));
      sb.append("\n|---|---|---:|").append(t.byCampaign() ? "---|" : "");
      t.columns().forEach(c -> sb.append("---:|---:|"));
      sb.append('\n');
      for (Line line : t.lines()) {
        sb.append("| ").append(line.device()).append(" | ").append(line.env()).append('/').append(line.net()).append(" | ")
            .append(line.instances()).append(" |").append(t.byCampaign() ? " " + line.campaign() + " |" : "");
        for (String c : t.columns()) {
          JsonObject r = line.cells().get(c);
          if (r == null) {
            sb.append(" | |");
            continue;
          }
          boolean unjudged = Boolean.FALSE.equals(r.getBoolean("judged"));
          anyUnjudged |= unjudged;
          sb.append(' ').append(Units.format(num(r.getJsonObject("native").getValue("mean")), t.unit())).append(" | ")
              .append(percent(num(r.getValue("changeRatio")))).append(r.getBoolean("significant", false) ? "*" : "")
              .append(unjudged ? "~" : "").append(" |");
        }
        sb.append('\n');
      }
      sb.append('\n');
    }
    sb.append("%change = (container - native) / native of the means; * = significant as the analyzer judged it");
    sb.append(anyUnjudged ? "; ~ = not judged (a side has fewer repetitions than analysis.minSamples)" : "").append(".\n");
    if (rows.size() < all.size()) {
      sb.append(all.size() - rows.size()).append(" rows left out: not overheads (test counts, standard deviations, "
          + "zero on both sides); they are in the CSV.\n");
    }
    return sb.toString();
  }

  /** CSV with every number, one line per row (the analyzer's fields it does not give yet stay empty). */
  public static String csv(List<JsonObject> rows) {
    StringBuilder sb = new StringBuilder("device,env,net,tool,benchmark,metric,column,instances,campaign,native_n,native_mean,"
        + "native_ci_lower,native_ci_upper,container_n,container_mean,change_ratio,change_ratio_lower,change_ratio_upper,"
        + "overhead_ratio,welch_p,mann_whitney_p,significant,labels,aggregate,native_cv,container_cv,judged,p_value,"
        + "interval_level,verdict\n");
    for (JsonObject r : rows) {
      CellId id = CellId.of(r);
      JsonObject n = r.getJsonObject("native");
      JsonObject c = r.getJsonObject("container");
      List<Object> f = List.of(id.device(), id.env(), id.net(), id.tool(), id.benchmark(), id.metric(), column(id),
          id.instances(), id.campaign(), v(n.getValue("n")), v(n.getValue("mean")), v(n.getValue("ciLower")),
          v(n.getValue("ciUpper")), v(c.getValue("n")), v(c.getValue("mean")), v(r.getValue("changeRatio")),
          v(r.getValue("changeRatioLower")), v(r.getValue("changeRatioUpper")), v(r.getValue("overheadRatio")),
          v(r.getValue("welchP")), v(r.getValue("mannWhitneyP")), v(r.getValue("significant")), id.labelText(),
          v(r.getValue("aggregate")), v(cv(n)), v(cv(c)), v(r.getValue("judged")), v(r.getValue("pValue")),
          v(r.getValue("intervalLevel")), v(r.getValue("verdict")));
      List<String> cells = new ArrayList<>();
      f.forEach(x -> cells.add(csvCell(String.valueOf(x))));
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  /** The side's coefficient of variation: the analyzer's {@code cv}, else sd / mean. */
  static Double cv(JsonObject side) {
    Double given = num(side.getValue("cv"));
    if (given != null) {
      return given;
    }
    Double sd = num(side.getValue("sd"));
    Double mean = num(side.getValue("mean"));
    return sd == null || mean == null || mean == 0 ? null : sd / Math.abs(mean);
  }

  static Double num(Object o) {
    return o instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
  }

  private static String v(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String percent(Double ratio) {
    return ratio == null ? "n/a" : String.format(Locale.ROOT, "%+.1f", ratio * 100);
  }

  /** For tests: every row a table holds, once per cell it is in. */
  static List<JsonObject> placed(List<Table> tables) {
    List<JsonObject> out = new ArrayList<>();
    tables.forEach(t -> t.lines().forEach(l -> l.cells().values().stream().filter(Objects::nonNull).forEach(out::add)));
    return out;
  }
}
