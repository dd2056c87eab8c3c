package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A figure as data before it is drawn ({@link Charts} draws it with XChart): panels of series of
 * points, each point one side (native or container) of one overhead row. Built by {@link #lines}
 * (value against the instance count) and {@link #bars} (one bar per category and series); both
 * key every point by the row's whole identity ({@link CellId}) split over panel, series and x, so
 * no two rows share a point.
 *
 * @param file the PNG's file name
 * @param panels the charts of the figure, drawn in a grid in this order
 */
record Figure(String file, List<Panel> panels) {

  /** How a panel is drawn. */
  enum Kind {
    /** Lines with markers over a numeric x axis: the instance count. */
    LINES,
    /** Grouped bars over categories. */
    BARS
  }

  /**
   * The y axis: its title with the unit, and the SI value of one unit ({@code 1e6} for Mbit/s,
   * {@code 1e-6} for µs).
   */
  record Axis(String title, double scale) {}

  /**
   * One plotted value.
   *
   * @param x the instance count ({@link Kind#LINES}) or the category ({@link Kind#BARS})
   * @param y the mean in the axis' unit
   * @param error half the width of the side's 95 % confidence interval of the mean, in the axis'
   *     unit; null without one (a single repetition)
   * @param row the overhead row the value comes from
   * @param nativeSide whether it is the row's native side (else its container side)
   */
  record Point(Object x, double y, Double error, JsonObject row, boolean nativeSide) {}

  /** One series (native, or one container env and network) of a panel, its points in x order. */
  record Series(String name, List<Point> points) {}

  /**
   * One chart.
   *
   * @param xs the x values in order (instance counts as numbers, or the category labels)
   */
  record Panel(String title, Kind kind, String xTitle, Axis y, List<Object> xs, List<Series> series) {}

  /** Every point of the figure. */
  List<Point> points() {
    List<Point> out = new ArrayList<>();
    panels.forEach(p -> p.series().forEach(s -> out.addAll(s.points())));
    return out;
  }

  /** Orders keys part by part: numbers as numbers, names with the paper's devices first, then naturally. */
  static final Comparator<List<?>> KEYS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c = x instanceof Integer xi && y instanceof Integer yi ? Integer.compare(xi, yi)
          : CellId.DEVICES.compare(String.valueOf(x), String.valueOf(y));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  /**
   * Value against instances: one panel per {@code panel} key, a line per container (env and
   * network) and one for native, a point per instance count.
   */
  static List<Panel> lines(List<JsonObject> rows, Function<CellId, List<?>> panel, Function<CellId, String> title,
      Function<List<JsonObject>, Axis> y) {
    return build(rows, panel, title, y, Kind.LINES, c -> List.of(c.instances()), "instances");
  }

  /**
   * Grouped bars: one panel per {@code panel} key, a group per {@code category} key (its last
   * part is drawn under the group after the device: {@code lks7688 TX}), a bar per container and
   * one for native.
   */
  static List<Panel> bars(List<JsonObject> rows, Function<CellId, List<?>> panel, Function<CellId, String> title,
      Function<CellId, List<?>> category, Function<List<JsonObject>, Axis> y) {
    return build(rows, panel, title, y, Kind.BARS, category, "");
  }

  private static List<Panel> build(List<JsonObject> rows, Function<CellId, List<?>> panel, Function<CellId, String> title,
      Function<List<JsonObject>, Axis> y, Kind kind, Function<CellId, List<?>> x, String xTitle) {
    Map<List<?>, List<JsonObject>> panels = new TreeMap<>(KEYS);
    rows.forEach(r -> panels.computeIfAbsent(panel.apply(CellId.of(r)), k -> new ArrayList<>()).add(r));
    List<Panel> out = new ArrayList<>();
    for (List<JsonObject> rs : panels.values()) {
      Axis axis = y.apply(rs);
      Map<List<?>, Object> xs = new TreeMap<>(KEYS);
      Map<List<String>, Map<List<?>, Point>> series = new TreeMap<>(SERIES);
      for (JsonObject r : rs) {
        CellId c = CellId.of(r);
        List<?> xk = x.apply(c);
        Object xv = kind == Kind.LINES ? (Object) c.instances() : label(xk);
        xs.put(xk, xv);
        Map<List<?>, Point> cs = series.computeIfAbsent(List.of(c.env(), c.net(), c.containerSeries()), k -> new LinkedHashMap<>());
        putOnce(cs, xk, point(xv, r, false, axis));
        Map<List<?>, Point> ns = series.computeIfAbsent(List.of("", "", "native"), k -> new LinkedHashMap<>());
        Point np = point(xv, r, true, axis);
        Point before = ns.putIfAbsent(xk, np);
        if (before != null && !sameNative(before.row(), r)) {
          throw new IllegalStateException("two native values at one point " + xk + ": " + CellId.describe(before.row())
              + " and " + CellId.describe(r));
        }
      }
      Map<String, Long> names = new java.util.HashMap<>();
      series.keySet().forEach(k -> names.merge(k.get(2), 1L, Long::sum));
      List<Series> ss = new ArrayList<>();
      series.forEach((k, points) -> {
        List<Point> ordered = new ArrayList<>();
        xs.keySet().forEach(xk -> {
          if (points.containsKey(xk)) {
            ordered.add(points.get(xk));
          }
        });
        // lxc/none and lxc/unknown would both be "lxc": then both get their network
        ss.add(new Series(names.get(k.get(2)) > 1 ? k.get(0) + " " + k.get(1) : k.get(2), ordered));
      });
      out.add(new Panel(title.apply(CellId.of(rs.get(0))), kind, xTitle, axis, List.copyOf(xs.values()), ss));
    }
    return out;
  }

  /** Native first, then containers by environment and network in the paper's order. */
  private static final Comparator<List<String>> SERIES = Comparator.comparing((List<String> k) -> !k.get(2).equals("native"))
      .thenComparing(k -> k.get(0)).thenComparing(k -> k.get(1), CellId.NETS);

  private static String label(List<?> key) {
    return key.size() == 1 ? String.valueOf(key.get(0)) : key.get(0) + " " + key.get(key.size() - 1);
  }

  private static void putOnce(Map<List<?>, Point> points, List<?> x, Point p) {
    Point before = points.putIfAbsent(x, p);
    if (before != null) {
      throw new IllegalStateException("two overhead rows at one point " + x + ": " + CellId.describe(before.row()) + " and "
          + CellId.describe(p.row()));
    }
  }

  /** Two container rows of one native cell carry the same native summary. */
  private static boolean sameNative(JsonObject a, JsonObject b) {
    return CellId.of(a).baseline().equals(CellId.of(b).baseline())
        && a.getJsonObject("native").equals(b.getJsonObject("native"));
  }

  private static Point point(Object x, JsonObject row, boolean nativeSide, Axis axis) {
    JsonObject side = row.getJsonObject(nativeSide ? "native" : "container");
    Double mean = OverheadTable.num(side.getValue("mean"));
    Double upper = OverheadTable.num(side.getValue("ciUpper"));
    double y = mean == null ? Double.NaN : mean / axis.scale();
    Double err = mean == null || upper == null ? null : (upper - mean) / axis.scale();
    return new Point(x, y, err, row, nativeSide);
  }
}
