package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's figures as PNG files (XChart): for each device, tool and metric, the mean value
 * against the number of instances, native vs each container network (veth, macvlan), with 95 %
 * confidence intervals as error bars.
 */
public final class Plots {
  private Plots() {}

  /** Writes one PNG per device/tool/metric; returns the files written. */
  public static List<Path> write(List<JsonObject> rows, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, List<JsonObject>> groups = new TreeMap<>();
    for (JsonObject r : rows) {
      groups.computeIfAbsent(r.getString("device") + "_" + r.getString("tool") + "_" + r.getString("metric") + "_"
          + OverheadTable.column(r).replaceAll("[^A-Za-z0-9_.-]", ""), k -> new ArrayList<>()).add(r);
    }
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, List<JsonObject>> g : groups.entrySet()) {
      JsonObject first = g.getValue().get(0);
      String unit = Units.unitOf(first.getString("metric"));
      XYChart chart = new XYChartBuilder().width(800).height(500)
          .title(first.getString("device") + " " + first.getString("tool") + " " + OverheadTable.column(first))
          .xAxisTitle("instances").yAxisTitle(first.getString("metric") + " [" + unit + "]").build();
      chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
      Map<String, TreeMap<Integer, JsonObject>> series = new TreeMap<>();
      for (JsonObject r : g.getValue()) {
        int n = r.getInteger("instances");
        series.computeIfAbsent("native", k -> new TreeMap<>()).put(n, r.getJsonObject("native"));
        series.computeIfAbsent(r.getString("env") + " " + r.getString("net"), k -> new TreeMap<>()).put(n, r.getJsonObject("container"));
      }
      series.forEach((name, points) -> {
        double[] x = points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] y = points.values().stream().mapToDouble(s -> num(s.getValue("mean"))).toArray();
        double[] err = points.values().stream().mapToDouble(s -> {
          double hi = num(s.getValue("ciUpper"));
          double m = num(s.getValue("mean"));
          return Double.isFinite(hi) ? hi - m : 0;
        }).toArray();
        XYSeries s = chart.addSeries(name, x, y, err);
        s.setMarker(SeriesMarkers.CIRCLE);
      });
      Path file = dir.resolve(g.getKey() + ".png");
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      out.add(file);
    }
    return out;
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
