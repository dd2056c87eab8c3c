package io.benchtap.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The paper's figures drawn from a small campaign run through the real analyzer: what can be
 * checked without looking at pixels (files, panels, series names, x values and their order, units
 * in the axis titles, colours, error bars).
 */
class PaperFiguresTest {
  static final List<String> DEVICES = List.of("rspi3", "lks7688", "l4500", "archc7");
  static final int[] INSTANCES = {16, 1, 8, 2, 4};

  /** A campaign shaped like the paper's, numbers in the paper's ranges (not its data). */
  static List<JsonObject> campaign() {
    OverheadRows o = new OverheadRows();
    for (String d : DEVICES) {
      boolean quad = d.equals("rspi3");
      for (int n : INSTANCES) {
        double time = 10.0 * (quad ? Math.max(1, n / 4.0) : n);
        o.reps(OverheadRows.cell(d, "sysbench", "cpu", "total_time_seconds", Map.of(), n), 3, time, time * 1.04, "lxc", "none");
        double flops = 12e6 / n;
        o.reps(OverheadRows.cell(d, "hpl", "hpl", "flops_per_second", Map.of(), n), 3, flops, flops * 0.99, "lxc", "none");
        double bytes = Math.min(94e6, 40e6 * n) / n / 8;
        o.reps(OverheadRows.cell(d, "iperf3", "tcp", "throughput_bytes_per_second", Map.of("direction", "receiver"), n), 3,
            bytes, bytes * 0.9, "lxc", "veth", "lxc", "macvlan");
      }
      for (String dir : List.of("sender", "receiver")) {
        double rx = (dir.equals("sender") ? 94e6 : 90e6) / 8; // bytes/s: the bars read 94 and 90 Mbit/s
        o.reps(OverheadRows.cell(d, "nuttcp", "tcp", "throughput_bytes_per_second", Map.of("direction", dir), 1), 3,
            rx, rx - 9e6 / 8, "lxc", "veth", "lxc", "macvlan");
      }
      for (String rr : List.of("udp_rr", "tcp_rr")) {
        o.reps(OverheadRows.cell(d, "netperf", rr, "round_trip_latency_seconds", Map.of(), 1), 3, 250e-6, 260e-6,
            "lxc", "veth", "lxc", "macvlan");
      }
    }
    return o.rows();
  }

  @Test
  void everyFigureOfThePaperIsDrawnWithItsFileName(@TempDir Path dir) throws Exception {
    List<Path> files = PaperFigures.write(campaign(), dir);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("fig2-sysbench.png", "fig3-linpack.png",
        "fig5-nuttcp.png", "fig6-netperf.png", "fig7-iperf3-lks7688.png", "fig8-iperf3-archc7.png", "fig9-iperf3-l4500.png",
        "fig10-iperf3-rspi3.png");
    for (Path f : files) {
      assertThat(ImageIO.read(f.toFile())).as(f.toString()).isNotNull();
    }
    // four device panels in a grid of two columns
    assertThat(ImageIO.read(dir.resolve("fig2-sysbench.png").toFile()).getWidth()).isEqualTo(2 * Charts.WIDTH);
    assertThat(PaperFigures.missing(campaign())).isEmpty();
  }

  /** Three device panels (an odd number) make a 2 x 2 grid with one cell left white; XChart's grid threw. */
  @Test
  void anOddNumberOfPanelsIsDrawnWithAnEmptyCell(@TempDir Path dir) throws Exception {
    List<JsonObject> three = campaign().stream().filter(r -> !"rspi3".equals(r.getString("device"))).toList();
    List<Path> files = PaperFigures.write(three, dir);
    java.awt.image.BufferedImage fig2 = ImageIO.read(dir.resolve("fig2-sysbench.png").toFile());
    assertThat(files).isNotEmpty();
    assertThat(fig2.getWidth()).isEqualTo(2 * Charts.WIDTH);
    assertThat(fig2.getHeight()).isEqualTo(2 * Charts.HEIGHT);
    assertThat(fig2.getRGB(fig2.getWidth() - 5, fig2.getHeight() - 5)).isEqualTo(java.awt.Color.WHITE.getRGB());
  }

  @Test
  void sysbenchIsExecutionTimeInSecondsAgainstInstancesInNumericOrderPerDevice() {
    Figure f = figure("fig2-sysbench.png");
    assertThat(f.panels()).extracting(Figure.Panel::title).containsExactly("Fig. 2 sysbench cpu: lks7688, mean over instances",
        "Fig. 2 sysbench cpu: archc7, mean over instances", "Fig. 2 sysbench cpu: l4500, mean over instances",
        "Fig. 2 sysbench cpu: rspi3, mean over instances");
    for (Chart<?, ?> c : Charts.render(f)) {
      XYChart chart = (XYChart) c;
      assertThat(chart.getXAxisTitle()).isEqualTo("instances");
      assertThat(chart.getYAxisTitle()).isEqualTo("execution time [s]");
      assertThat(chart.getSeriesMap().keySet()).containsExactly("native", "lxc");
      for (XYSeries s : chart.getSeriesMap().values()) {
        assertThat(s.getXData()).containsExactly(1, 2, 4, 8, 16);
        assertThat(s.getExtraValues()).as("error bars").isNotNull().hasSize(5);
      }
    }
    XYChart lks = (XYChart) Charts.render(f).get(0);
    // single core: the time grows with the instances, 10 s per instance of work
    assertThat(lks.getSeriesMap().get("native").getYData()).containsExactly(new double[] {10, 20, 40, 80, 160},
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void linpackIsInMegaflopsPerSecond() {
    XYChart chart = (XYChart) Charts.render(figure("fig3-linpack.png")).get(3);
    assertThat(chart.getTitle()).isEqualTo("Fig. 3 Linpack: rspi3 (hpl), sum over instances");
    assertThat(chart.getYAxisTitle()).isEqualTo("Linpack [MFLOP/s]");
    assertThat(chart.getSeriesMap().get("native").getXData()).containsExactly(1, 2, 4, 8, 16);
    assertThat(chart.getSeriesMap().get("native").getYData()[0]).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void nuttcpHasTheDevicesTxAndRxBarsAndABarPerNetwork() {
    Figure f = figure("fig5-nuttcp.png");
    assertThat(f.panels()).hasSize(1);
    CategoryChart chart = (CategoryChart) Charts.render(f).get(0);
    assertThat(chart.getTitle()).isEqualTo("Fig. 5 nuttcp: tcp, 1 instance");
    assertThat(chart.getYAxisTitle()).isEqualTo("throughput [Mbit/s]");
    assertThat(chart.getSeriesMap().keySet()).containsExactly("native", "lxc veth", "lxc macvlan");
    for (CategorySeries s : chart.getSeriesMap().values()) {
      assertThat(new ArrayList<Object>(s.getXData())).containsExactly("lks7688 TX", "lks7688 RX", "archc7 TX", "archc7 RX", "l4500 TX", "l4500 RX",
          "rspi3 TX", "rspi3 RX");
    }
    // the device is the server: its TX is what the client received (direction=receiver), its RX what the client sent
    List<? extends Number> nativeBars = new ArrayList<>(chart.getSeriesMap().get("native").getYData());
    assertThat(nativeBars.get(0).doubleValue()).isCloseTo(90, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(nativeBars.get(1).doubleValue()).isCloseTo(94, org.assertj.core.data.Offset.offset(1e-9));
    assertDistinctColours(chart.getSeriesMap().values().stream().map(CategorySeries::getFillColor).toList());
  }

  @Test
  void netperfIsRoundTripLatencyInMicrosecondsTcpBeforeUdp() {
    CategoryChart chart = (CategoryChart) Charts.render(figure("fig6-netperf.png")).get(0);
    assertThat(chart.getTitle()).isEqualTo("Fig. 6 netperf round-trip latency: 1 instance");
    assertThat(chart.getYAxisTitle()).isEqualTo("round-trip latency [µs]");
    assertThat(new ArrayList<Object>(chart.getSeriesMap().get("lxc macvlan").getXData())).startsWith("lks7688 TCP_RR", "lks7688 UDP_RR", "archc7 TCP_RR");
    assertThat(chart.getSeriesMap().get("native").getYData().iterator().next().doubleValue())
        .isCloseTo(250, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void iperf3HasOneFigureOfOneChartPerDeviceWithNativeVethAndMacvlan() {
    List<Figure> iperf = PaperFigures.figures(campaign()).stream().filter(f -> f.file().contains("iperf3")).toList();
    assertThat(iperf).hasSize(4).allSatisfy(f -> assertThat(f.panels()).hasSize(1));
    Map<String, List<Chart<?, ?>>> charts = iperf.stream().collect(Collectors.toMap(Figure::file, Charts::render));
    XYChart l4500 = (XYChart) charts.get("fig9-iperf3-l4500.png").get(0);
    assertThat(l4500.getTitle()).isEqualTo("Fig. 9 iperf3: l4500 tcp, sum over instances");
    assertThat(l4500.getYAxisTitle()).isEqualTo("throughput at the receiver [Mbit/s]");
    assertThat(l4500.getSeriesMap().keySet()).containsExactly("native", "lxc veth", "lxc macvlan");
    l4500.getSeriesMap().values().forEach(s -> assertThat(s.getXData()).containsExactly(1, 2, 4, 8, 16));
    assertDistinctColours(l4500.getSeriesMap().values().stream().map(XYSeries::getLineColor).toList());
  }

  @Test
  void theAnalyzersAggregateIsNamedInTheTitle() {
    List<JsonObject> rows = campaign();
    rows.forEach(r -> r.put("aggregate", r.getString("tool").equals("sysbench") ? "mean" : "sum"));
    Map<String, Figure> byFile = PaperFigures.figures(rows).stream().collect(Collectors.toMap(Figure::file, f -> f));
    assertThat(byFile.get("fig2-sysbench.png").panels().get(0).title()).isEqualTo("Fig. 2 sysbench cpu: lks7688, mean over instances");
    assertThat(byFile.get("fig7-iperf3-lks7688.png").panels().get(0).title()).isEqualTo("Fig. 7 iperf3: lks7688 tcp, sum over instances");
  }

  @Test
  void aSingleRepetitionHasNoErrorBars() {
    OverheadRows o = new OverheadRows();
    OverheadRows.Cell c = OverheadRows.cell("archc7", "iperf3", "tcp", "throughput_bytes_per_second", Map.of("direction", "receiver"), 1);
    o.rep(c, 90e6).rep(c.env("lxc", "veth"), 80e6);
    XYChart chart = (XYChart) Charts.render(PaperFigures.figures(o.rows()).get(0)).get(0);
    assertThat(chart.getSeriesMap().get("native").getExtraValues()).isNull();
  }

  @Test
  void aCampaignMoreGetsPanelsOfItsOwn() {
    OverheadRows o = new OverheadRows();
    for (String campaign : List.of("a", "b")) {
      OverheadRows.Cell c = new OverheadRows.Cell(campaign, "archc7", "native", "host", "nuttcp", "tcp", "throughput_bytes_per_second",
          Map.of("direction", "sender"), 1);
      o.reps(c, 2, campaign.equals("a") ? 90e6 : 80e6, 70e6, "lxc", "veth");
    }
    Figure f = PaperFigures.figures(o.rows()).get(0);
    assertThat(f.panels()).extracting(Figure.Panel::title).containsExactly("Fig. 5 nuttcp: tcp, 1 instance (a)",
        "Fig. 5 nuttcp: tcp, 1 instance (b)");
  }

  static Figure figure(String file) {
    return PaperFigures.figures(campaign()).stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
  }

  static void assertDistinctColours(List<Color> colours) {
    assertThat(new ArrayList<>(colours)).doesNotHaveDuplicates().doesNotContainNull();
  }
}
