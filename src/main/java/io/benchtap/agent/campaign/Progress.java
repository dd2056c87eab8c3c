package io.benchtap.agent.campaign;

import io.benchtap.model.Aggregate;
import io.benchtap.parse.MetricCatalog;
import io.benchtap.report.Units;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The campaign's progress on the terminal: cell, repetition and ETA on one line that redraws
 * itself on a terminal, or one line per repetition when the output is a file or CI log.
 */
final class Progress {
  private final PrintStream out;
  private final boolean tty;
  private int cells;
  private long doneReps;
  private long doneNanos;
  private long plannedReps;

  Progress(PrintStream out, boolean tty, int cells, long plannedReps) {
    this.out = out;
    this.tty = tty;
    this.cells = cells;
    this.plannedReps = plannedReps;
  }

  /** The cells that will really run and their planned repetitions (skipped cells left out of the count and the ETA). */
  void plan(int cells, long plannedReps) {
    this.cells = cells;
    this.plannedReps = plannedReps;
  }

  void repetitionStarted(int cellNo, Cell cell, int rep, int maxRep) {
    String eta = doneReps == 0 ? "?" : format(Duration.ofNanos(doneNanos / doneReps * Math.max(0, plannedReps - doneReps)));
    int width = 24;
    int filled = (int) Math.min(width, plannedReps == 0 ? 0 : width * doneReps / plannedReps);
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String text = String.format("[%s] cell %d/%d %s  rep %d/%d  ETA %s", bar, cellNo, cells, cell.id(), rep, maxRep, eta);
    if (tty) {
      out.print("\r\033[K" + text);
    } else {
      out.println(text);
    }
    out.flush();
  }

  void repetitionDone(Duration took, boolean extraRepetition) {
    doneReps++;
    doneNanos += took.toNanos();
    if (extraRepetition) {
      plannedReps++;
    }
  }

  /**
   * The line after a cell's repetitions: the headline as the report shows it (the mean over the
   * repetitions of each repetition's aggregate over the instances), in the unit people read.
   */
  void cellDone(Cell cell, int repetitions, Campaign.Headline headline, List<Double> values, double rsd) {
    String metric = headline.metric() + (headline.labels().isEmpty() ? "" : new TreeMap<>(headline.labels()).toString());
    String value = values.isEmpty() ? "none in the output"
        : Units.format(values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), Units.unitOf(headline.metric()));
    String how = cell.instances() == 1 ? "" : MetricCatalog.standard().aggregate(headline.metric()) == Aggregate.SUM
        ? "sum of " + cell.instances() + " instances" : "mean of " + cell.instances() + " instances";
    if (values.size() > 1) {
      how += (how.isEmpty() ? "" : ", ") + "mean of " + values.size() + " repetitions";
    }
    line(String.format(Locale.ROOT, "%s: %d repetition%s, %s %s%s%s", cell.id(), repetitions, repetitions == 1 ? "" : "s", metric,
        value, how.isEmpty() || values.isEmpty() ? "" : " (" + how + ")",
        Double.isNaN(rsd) ? "" : String.format(Locale.ROOT, ", rsd %.2f %%", rsd * 100)));
  }

  void line(String text) {
    out.println((tty ? "\r\033[K" : "") + text);
    out.flush();
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
  }
}
