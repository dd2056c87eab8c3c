package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paper's Table C (STREAM: Add, Copy, Scale, Triad) and Table D (STREAM2: Fill, Copy,
 * Daxpy, Sum) in its layout: a row per device; per operation the native mean in MB/s (10^6
 * bytes/s, two decimals) and the container's %change (one decimal); Markdown or CSV.
 *
 * <p>Source rows: tool {@code stream}, metric {@code memory_bandwidth_bytes_per_second}, label
 * {@code op}; benchmark {@code stream} for Table C and {@code stream2} for Table D (the stream
 * parser's names for lmbench's {@code stream} and {@code stream -v 2}; stream.c gives
 * {@code stream} too). The layout fixes device and operation, so each campaign, container
 * (env/net), instance count and set of other labels (HPC Challenge's {@code mode}) gets a table
 * of its own: in the usual case, one campaign with one container at one instance count, that is
 * one Table C and one Table D, and no two rows ever share a cell.
 */
public final class PaperTables {
  private PaperTables() {}

  /** Which of the paper's tables. */
  enum Spec {
    C("Table C", "STREAM results", "STREAM(MB/s)", "stream", List.of("add", "copy", "scale", "triad")),
    D("Table D", "STREAM2 results", "STREAM2(MB/s)", "stream2", List.of("fill", "copy", "daxpy", "sum"));

    final String name;
    final String caption;
    final String header;
    final String benchmark;
    final List<String> ops;

    Spec(String name, String caption, String header, String benchmark, List<String> ops) {
      this.name = name;
      this.caption = caption;
      this.header = header;
      this.benchmark = benchmark;
      this.ops = ops;
    }

    /** The operation as the paper writes it: {@code Add}. */
    static String title(String op) {
      return op.substring(0, 1).toUpperCase(Locale.ROOT) + op.substring(1);
    }
  }

  /** What one table holds apart from device and operation. */
  record Variant(String campaign, String env, String net, int instances, SortedMap<String, String> otherLabels) {
    String text() {
      StringBuilder sb = new StringBuilder();
      sb.append("campaign ").append(campaign).append(", ").append(env).append('/').append(net).append(" against native, ")
          .append(instances).append(instances == 1 ? " instance" : " instances");
      otherLabels.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
      return sb.toString();
    }
  }

  /**
   * One table.
   *
   * @param alone whether it is the only table of its spec (its caption then names no variant)
   * @param cells by device (in the paper's order) and operation
   */
  record Table(Spec spec, Variant variant, boolean alone, Map<String, Map<String, JsonObject>> cells) {
    String caption() {
      return spec.name + ". " + spec.caption + (alone ? "" : " (" + variant.text() + ")");
    }
  }

  static final String METRIC = "memory_bandwidth_bytes_per_second";

  /** Whether a row belongs in a table of this spec. */
  static boolean selects(Spec spec, CellId c) {
    return c.tool().equals("stream") && c.metric().equals(METRIC) && c.benchmark().equals(spec.benchmark)
        && spec.ops.contains(c.labels().get("op"));
  }

  /** Tables C and D from the rows (each possibly once per variant; none when no row fits). */
  static List<Table> tables(List<JsonObject> rows) {
    List<Table> out = new ArrayList<>();
    for (Spec spec : Spec.values()) {
      Map<Variant, Map<String, Map<String, JsonObject>>> variants = new TreeMap<>(VARIANTS);
      for (JsonObject r : rows) {
        CellId c = CellId.of(r);
        if (!selects(spec, c)) {
          continue;
        }
        Variant v = new Variant(c.campaign(), c.env(), c.net(), c.instances(), c.labelsWithout("op"));
        Map<String, Map<String, JsonObject>> byDevice = variants.computeIfAbsent(v, k -> new TreeMap<>(CellId.DEVICES));
        CellId.putOnce(byDevice.computeIfAbsent(c.device(), d -> new LinkedHashMap<>()), c.labels().get("op"), r);
      }
      variants.forEach((v, cells) -> out.add(new Table(spec, v, variants.size() == 1, cells)));
    }
    return out;
  }

  private static final Comparator<Variant> VARIANTS = Comparator.comparing((Variant v) -> !v.otherLabels().isEmpty())
      .thenComparing(v -> v.otherLabels().toString())
      .thenComparing(Variant::campaign, CellId.NATURAL).thenComparing(Variant::env)
      .thenComparing(Variant::net, CellId.NETS).thenComparingInt(Variant::instances);

  /** The table's rows of cells as the paper lays them out: three header rows, then a row per device. */
  static List<List<String>> grid(Table t) {
    List<List<String>> g = new ArrayList<>();
    List<String> h1 = new ArrayList<>(List.of("Benchmark", t.spec().header));
    List<String> h2 = new ArrayList<>(List.of(""));
    List<String> h3 = new ArrayList<>(List.of("Type"));
    for (String op : t.spec().ops) {
      h2.add(Spec.title(op));
      h2.add("");
      h3.add("Native");
      h3.add("%change");
    }
    while (h1.size() < h3.size()) {
      h1.add("");
    }
    g.add(h1);
    g.add(h2);
    g.add(h3);
    t.cells().forEach((device, byOp) -> {
      List<String> row = new ArrayList<>(List.of(device));
      for (String op : t.spec().ops) {
        JsonObject r = byOp.get(op);
        row.add(r == null ? "" : nativeMbPerSecond(r));
        row.add(r == null ? "" : change(r));
      }
      g.add(row);
    });
    return g;
  }

  /** The native mean in MB/s (10^6 bytes/s), two decimals. */
  static String nativeMbPerSecond(JsonObject row) {
    Double mean = OverheadTable.num(row.getJsonObject("native").getValue("mean"));
    return mean == null ? "n/a" : String.format(Locale.ROOT, "%.2f", mean / 1e6);
  }

  /** The %change, one decimal (no sign on a change that rounds to zero). */
  static String change(JsonObject row) {
    Double ratio = OverheadTable.num(row.getValue("changeRatio"));
    if (ratio == null) {
      return "n/a";
    }
    return decimals(ratio * 100, 1);
  }

  /** A number with the given decimals, without the sign of a negative number that rounds to zero. */
  static String decimals(double v, int decimals) {
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    return s.matches("-0\\.?0*") ? s.substring(1) : s;
  }

  /** The table as CSV, the paper's layout and nothing else (its three header rows included). */
  static String csv(Table t) {
    StringBuilder sb = new StringBuilder();
    for (List<String> row : grid(t)) {
      sb.append(String.join(",", row.stream().map(OverheadTable::csvCell).toList())).append('\n');
    }
    return sb.toString();
  }

  /**
   * The table as Markdown: the caption, the paper's header rows (Markdown has one header row:
   * the first is it, the other two follow it), the devices, then what the numbers are made of.
   */
  static String markdown(Table t) {
    List<List<String>> g = grid(t);
    StringBuilder sb = new StringBuilder(t.caption()).append("\n\n");
    line(sb, g.get(0));
    sb.append("|---|");
    sb.append("---:|".repeat(g.get(0).size() - 1)).append('\n');
    g.subList(1, g.size()).forEach(r -> line(sb, r));
    sb.append('\n').append(notes(t));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    cells.forEach(c -> sb.append(c.isEmpty() ? " |" : " " + c.replace("|", "\\|") + " |"));
    sb.append('\n');
  }

  /** Where the numbers come from, how many repetitions, and which changes are significant or not judged. */
  static String notes(Table t) {
    TreeSet<Integer> nn = new TreeSet<>();
    TreeSet<Integer> cn = new TreeSet<>();
    List<String> significant = new ArrayList<>();
    List<String> unjudged = new ArrayList<>();
    String level = null;
    String aggregate = null;
    for (Map.Entry<String, Map<String, JsonObject>> d : t.cells().entrySet()) {
      for (String op : t.spec().ops) {
        JsonObject r = d.getValue().get(op);
        if (r == null) {
          continue;
        }
        nn.add(r.getJsonObject("native").getInteger("n", 0));
        cn.add(r.getJsonObject("container").getInteger("n", 0));
        level = level != null ? level : r.getValue("intervalLevel") == null ? null : String.valueOf(r.getValue("intervalLevel"));
        aggregate = aggregate != null ? aggregate : r.getString("aggregate");
        String where = d.getKey() + " " + Spec.title(op);
        if (Boolean.FALSE.equals(r.getBoolean("judged"))) {
          unjudged.add(where);
        } else if (r.getBoolean("significant", false)) {
          Double lo = OverheadTable.num(r.getValue("changeRatioLower"));
          Double hi = OverheadTable.num(r.getValue("changeRatioUpper"));
          significant.add(where + " " + change(r) + (lo == null || hi == null ? ""
              : " [" + decimals(lo * 100, 2) + ", " + decimals(hi * 100, 2) + "]"));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Native: mean of the native runs in MB/s (1 MB = 10^6 bytes); %change = (container - native) / native of the means, "
        + "in percent. Rows: tool stream, benchmark ").append(t.spec().benchmark).append(", ").append(METRIC)
        .append(" by op; ").append(t.variant().text());
    if (aggregate != null) {
      sb.append("; a repetition's value is the ").append(aggregate).append(" over its instances");
    }
    sb.append(". Repetitions per cell: native ").append(range(nn)).append(", container ").append(range(cn)).append(".\n");
    sb.append("Significant changes").append(level == null ? "" : " (intervals at " + level + ")").append(": ")
        .append(significant.isEmpty() ? "none" : String.join("; ", significant)).append(".\n");
    if (!unjudged.isEmpty()) {
      sb.append("Not judged (a side has fewer repetitions than analysis.minSamples): ").append(String.join("; ", unjudged))
          .append(".\n");
    }
    return sb.toString();
  }

  private static String range(TreeSet<Integer> ns) {
    return ns.isEmpty() ? "-" : ns.first().equals(ns.last()) ? String.valueOf(ns.first()) : ns.first() + " to " + ns.last();
  }

  /**
   * What {@link #write} wrote.
   *
   * @param text the tables for stdout: Markdown, or CSV each after its caption
   * @param count how many tables
   * @param files the files written
   */
  public record Written(String text, int count, List<Path> files) {}

  /**
   * Writes {@code table-c.md} and {@code table-d.md} (every variant of the table, one after the
   * other) and a CSV per table ({@code table-c.csv}, {@code table-d.csv}, named after their
   * variant when there are several) into dir.
   */
  public static Written write(List<JsonObject> rows, Path dir, boolean csvText) throws IOException {
    Files.createDirectories(dir);
    List<Table> tables = tables(rows);
    StringBuilder text = new StringBuilder();
    Map<String, StringBuilder> md = new LinkedHashMap<>();
    Set<String> csvNames = new HashSet<>();
    List<Path> files = new ArrayList<>();
    for (Table t : tables) {
      StringBuilder m = md.computeIfAbsent("table-" + t.spec().name().toLowerCase(Locale.ROOT) + ".md", k -> new StringBuilder());
      m.append(m.length() == 0 ? "" : "\n").append(markdown(t));
      String csv = csv(t);
      String name = csvFile(t);
      for (int i = 2; !csvNames.add(name); i++) {
        name = csvFile(t).replaceAll("\\.csv$", "-" + i + ".csv");
      }
      files.add(Files.writeString(dir.resolve(name), csv));
      text.append(text.length() == 0 ? "" : "\n").append(csvText ? t.caption() + "\n\n" + csv : markdown(t));
    }
    for (Map.Entry<String, StringBuilder> e : md.entrySet()) {
      files.add(Files.writeString(dir.resolve(e.getKey()), e.getValue().toString()));
    }
    return new Written(text.toString(), tables.size(), files);
  }

  /** A file name for the table's CSV: {@code table-c.csv}, or with its variant when there are several. */
  static String csvFile(Table t) {
    String base = "table-" + t.spec().name().toLowerCase(Locale.ROOT);
    if (t.alone()) {
      return base + ".csv";
    }
    Variant v = t.variant();
    StringBuilder sb = new StringBuilder(base).append('_').append(v.campaign()).append('_').append(v.env()).append('-')
        .append(v.net()).append("_x").append(v.instances());
    v.otherLabels().forEach((k, val) -> sb.append('_').append(k).append('-').append(val));
    return Plots.fileName(sb.toString()) + ".csv";
  }
}
