package io.benchtap.report;

import java.util.Locale;

/**
 * Human units for what people read (report tables, figure axes, the campaign's headline lines):
 * the metric's SI unit with a decimal prefix ({@code 37.02 GFLOP/s}, {@code 768 ms}).
 */
public final class Units {
  private Units() {}

  /** The read unit of network throughput, whose values are bytes/s: shown × 8. */
  static final String BITS = "bit/s";

  /** The SI value of one shown unit (1/8 for bit/s of a value in bytes/s). */
  private static double base(String unit) {
    return unit.equals(BITS) ? 1.0 / 8 : 1;
  }

  /**
   * The unit a person reads for {@code metric}. Network throughput is stored in bytes/s (the
   * Prometheus base unit) but read in bits/s, as every network tool prints it: its unit is
   * {@link #BITS}, and {@link #format} and {@link #axis} scale its values by 8.
   */
  public static String unitOf(String metric) {
    if (metric.equals("throughput_bytes_per_second")) {
      return BITS;
    }
    if (metric.endsWith("_bytes_per_second")) {
      return "B/s";
    }
    if (metric.startsWith("flops")) {
      return "FLOP/s";
    }
    if (metric.endsWith("_per_second")) {
      return "/s";
    }
    if (metric.endsWith("_seconds")) {
      return "s";
    }
    if (metric.endsWith("_bytes")) {
      return "B";
    }
    return "";
  }

  /** Words for the thousands of a plain count: "12.30 million" reads better than "1.23e+07". */
  private static final String[] COUNT_WORDS = {"", "thousand", "million", "billion", "trillion"};

  /** A value in {@code unit} (from {@link #unitOf}) with a decimal prefix; "n/a" for none or not finite. */
  public static String format(Double v, String unit) {
    if (v == null || !Double.isFinite(v)) {
      return "n/a";
    }
    // (a mean of counts from 1,000 up is not whole: words too, not a "k" prefix beside "thousand")
    if (unit.isEmpty() && (Math.abs(v) >= 10_000 || Math.abs(v) >= 1000 && v != Math.rint(v))) {
      int i = 0;
      double x = v;
      while (Math.abs(x) >= 1000 && i < COUNT_WORDS.length - 1) {
        x /= 1000;
        i++;
      }
      return String.format(Locale.ROOT, "%.2f %s", x, COUNT_WORDS[i]);
    }
    if (unit.isEmpty() && v == Math.rint(v)) {
      return String.valueOf(v.longValue());
    }
    v /= base(unit);
    String[] big = {"", "k", "M", "G", "T", "P"};
    String[] small = {"", "m", "µ", "n"};
    double a = Math.abs(v);
    if (a >= 1000) {
      int i = 0;
      while (a >= 1000 && i < big.length - 1) {
        a /= 1000;
        v /= 1000;
        i++;
      }
      return String.format(Locale.ROOT, "%.2f %s%s", v, big[i], unit);
    }
    if (a > 0 && a < 1 && unit.equals("s")) {
      int i = 0;
      while (a < 1 && i < small.length - 1) {
        a *= 1000;
        v *= 1000;
        i++;
      }
      return String.format(Locale.ROOT, "%.3g %s%s", v, small[i], unit);
    }
    return String.format(Locale.ROOT, "%.4g %s", v, unit).trim();
  }

  /**
   * An axis for values of {@code metric} up to {@code maxAbs} (SI): the unit with the decimal
   * prefix that puts the largest value between 1 and 1000 ({@code Mbit/s}, {@code µs}); times
   * and rates only, other metrics as they are.
   */
  static Figure.Axis axis(String metric, double maxAbs) {
    String unit = unitOf(metric);
    double base = base(unit);
    maxAbs /= base;
    String[] big = {"", "k", "M", "G", "T", "P"};
    String[] small = {"", "m", "µ", "n"};
    double scale = 1;
    String prefix = "";
    if (!unit.isEmpty() && !unit.equals("s") && Double.isFinite(maxAbs)) {
      for (int i = 0; i < big.length - 1 && maxAbs / scale >= 1000; i++) {
        scale *= 1000;
        prefix = big[i + 1];
      }
    } else if (unit.isEmpty() && Double.isFinite(maxAbs) && maxAbs >= 10_000) {
      int i = 0;
      for (; i < COUNT_WORDS.length - 1 && maxAbs / scale >= 1000; i++) {
        scale *= 1000;
      }
      return new Figure.Axis(metric + " [" + COUNT_WORDS[i] + "s]", scale);
    } else if (unit.equals("s") && Double.isFinite(maxAbs) && maxAbs > 0) {
      for (int i = 0; i < small.length - 1 && maxAbs / scale < 1; i++) {
        scale /= 1000;
        prefix = small[i + 1];
      }
    }
    String u = unit.equals("/s") && !prefix.isEmpty() ? prefix + "/s" : prefix + unit;
    String name = unit.equals(BITS) ? "network throughput" : metric;
    return new Figure.Axis(name + (u.isEmpty() ? "" : " [" + u + "]"), scale * base);
  }
}
