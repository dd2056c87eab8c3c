package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A PNG per cell of the comparison (XChart): for each device, tool, benchmark, metric, label set
 * and (when the rows come from more than one campaign) campaign, the mean value against the
 * number of instances, native vs each container network (veth, macvlan), with 95 % confidence
 * intervals as error bars. The paper's own figures are {@link PaperFigures}.
 */
public final class Plots {
  private Plots() {}

  /** The figures, one panel each. */
  static List<Figure> figures(List<JsonObject> rows) {
    boolean byCampaign = rows.stream().map(r -> CellId.of(r).campaign()).distinct().count() > 1;
    List<Figure.Panel> panels = Figure.lines(rows.stream().filter(OverheadTable::meaningful).toList(),
        c -> List.of(c.device(), c.tool(), c.benchmark(), c.metric(), c.labelText(), c.campaign()),
        c -> c.device() + " " + c.tool() + " " + c.benchmark() + (c.labels().isEmpty() ? "" : " " + c.labelText())
            + (byCampaign ? " (" + c.campaign() + ")" : ""),
        rs -> Units.axis(rs.get(0).getString("metric"), maxAbs(rs)));
    List<Figure> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Figure.Panel p : panels) {
      CellId c = CellId.of(p.series().get(0).points().get(0).row());
      String base = fileName(c.device() + "_" + c.tool() + "_" + c.benchmark() + "_" + c.metric()
          + (c.labels().isEmpty() ? "" : "_" + c.labelText()) + (byCampaign ? "_" + c.campaign() : ""));
      String name = base;
      for (int i = 2; !names.add(name); i++) {
        name = base + "-" + i;
      }
      out.add(new Figure(name + ".png", List.of(p)));
    }
    return out;
  }

  /** Writes one PNG per figure; returns the files written. */
  public static List<Path> write(List<JsonObject> rows, Path dir) throws IOException {
    return Charts.writeAll(figures(rows), dir);
  }

  /** A file name from free text: letters, digits, dot, dash and underscore; anything else becomes '-'. */
  static String fileName(String s) {
    return s.replace(' ', '_').replaceAll("[^A-Za-z0-9_.-]", "-");
  }

  /** The largest magnitude among the means and upper bounds of both sides of the rows. */
  static double maxAbs(List<JsonObject> rows) {
    double m = 0;
    for (JsonObject r : rows) {
      for (String side : List.of("native", "container")) {
        for (String f : List.of("mean", "ciUpper")) {
          Double v = OverheadTable.num(r.getJsonObject(side).getValue(f));
          if (v != null) {
            m = Math.max(m, Math.abs(v));
          }
        }
      }
    }
    return m;
  }
}
