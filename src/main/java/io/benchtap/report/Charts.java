package io.benchtap.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Figure} with XChart: one chart per panel, in a grid of at most two columns in
 * one PNG. A series keeps its colour in every panel of a figure (native first, then the
 * containers), error bars are the 95 % confidence interval of each side's mean where it has
 * repetitions, the instance axis is numeric (1, 2, 4, 8, 16 at their values) and the y axis
 * starts at 0.
 */
final class Charts {
  static final int WIDTH = 640;
  static final int HEIGHT = 420;

  /** Distinct colours (Tableau 10), given to a figure's series in order. */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
      new Color(0x17becf)};

  private Charts() {}

  /** The charts of a figure, one per panel. */
  static List<Chart<?, ?>> render(Figure f) {
    Map<String, Color> colours = new LinkedHashMap<>();
    f.panels().forEach(p -> p.series().forEach(s -> colours.computeIfAbsent(s.name(),
        n -> PALETTE[colours.size() % PALETTE.length])));
    List<Chart<?, ?>> out = new ArrayList<>();
    for (Figure.Panel p : f.panels()) {
      out.add(p.kind() == Figure.Kind.LINES ? lines(p, colours) : bars(p, colours));
    }
    return out;
  }

  /** Writes each figure's PNG into dir (created if missing); returns the files written. */
  static List<Path> writeAll(List<Figure> figures, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Figure f : figures) {
      out.add(write(f, dir));
    }
    return out;
  }

  /** Writes the figure's PNG into dir; returns its path. */
  static Path write(Figure f, Path dir) throws IOException {
    List<Chart<?, ?>> charts = render(f);
    Path file = dir.resolve(f.file());
    if (charts.size() == 1) {
      BitmapEncoder.saveBitmap(charts.get(0), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } else {
      // Two columns; an odd last cell stays white (XChart's own grid needs rows x cols charts).
      int cols = 2;
      int rows = (charts.size() + cols - 1) / cols;
      java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(cols * WIDTH, rows * HEIGHT,
          java.awt.image.BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = grid.createGraphics();
      try {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < charts.size(); i++) {
          g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * WIDTH, (i / cols) * HEIGHT, null);
        }
      } finally {
        g.dispose();
      }
      javax.imageio.ImageIO.write(grid, "png", file.toFile());
    }
    return file;
  }

  private static XYChart lines(Figure.Panel p, Map<String, Color> colours) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(p.title()).xAxisTitle(p.xTitle())
        .yAxisTitle(p.y().title()).build();
    style(chart.getStyler());
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    // Ticks between instance counts (1.5) would print as a repeated whole number: leave them blank.
    chart.setCustomXAxisTickLabelsFormatter(x -> x == Math.rint(x) ? String.valueOf(x.longValue()) : "");
    for (Figure.Series s : p.series()) {
      List<Figure.Point> pts = s.points().stream().filter(pt -> Double.isFinite(pt.y())).toList();
      if (pts.isEmpty()) {
        continue;
      }
      double[] x = pts.stream().mapToDouble(pt -> ((Integer) pt.x()).doubleValue()).toArray();
      double[] y = pts.stream().mapToDouble(Figure.Point::y).toArray();
      XYSeries xs = pts.stream().anyMatch(pt -> pt.error() != null)
          ? chart.addSeries(s.name(), x, y, pts.stream().mapToDouble(pt -> pt.error() == null ? 0 : pt.error()).toArray())
          : chart.addSeries(s.name(), x, y);
      xs.setMarker(SeriesMarkers.CIRCLE);
      xs.setLineColor(colours.get(s.name()));
      xs.setMarkerColor(colours.get(s.name()));
    }
    return chart;
  }

  private static CategoryChart bars(Figure.Panel p, Map<String, Color> colours) {
    // Room for the category names under each group ("archc7 TCP_RR", slanted): about 110 pixels a group.
    CategoryChart chart = new CategoryChartBuilder().width(barWidth(p)).height(HEIGHT).title(p.title()).xAxisTitle(p.xTitle())
        .yAxisTitle(p.y().title()).build();
    style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(20);
    List<String> categories = p.xs().stream().map(String::valueOf).toList();
    for (Figure.Series s : p.series()) {
      Map<Object, Figure.Point> at = new LinkedHashMap<>();
      s.points().forEach(pt -> at.put(pt.x(), pt));
      // Every series gets every category (XChart places bars by position); a missing bar is 0
      // high and has no error bar, so it draws nothing.
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (Object c : p.xs()) {
        Figure.Point pt = at.get(c);
        y.add(pt == null || !Double.isFinite(pt.y()) ? 0.0 : pt.y());
        err.add(pt == null || pt.error() == null ? 0.0 : pt.error());
      }
      CategorySeries cs = s.points().stream().anyMatch(pt -> pt.error() != null)
          ? chart.addSeries(s.name(), categories, y, err) : chart.addSeries(s.name(), categories, y);
      cs.setFillColor(colours.get(s.name()));
    }
    return chart;
  }

  static int barWidth(Figure.Panel p) {
    return Math.max(WIDTH, 110 * p.xs().size() + 100);
  }

  private static void style(AxesChartStyler st) {
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setYAxisMin(0.0);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotGridVerticalLinesVisible(false);
  }
}
