package io.benchtap.parse.sysbench;

import io.benchtap.parse.support.Decimals;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Number parsing and unit conversion for sysbench output. Every method returns an empty result
 * instead of throwing: a value that is not a plain, finite, non-negative decimal number (sysbench
 * prints {@code nan}, {@code -nan} or {@code inf} when a run lasted no time at all) is never turned
 * into a measurement.
 *
 * <p>Binary prefixes: sysbench 1.x prints {@code MiB} and computes it as {@code 1024.0 * 1024.0}
 * ({@code src/tests/memory/sb_memory.c}, {@code src/tests/fileio/sb_fileio.c}); sysbench 0.4.x
 * prints {@code MB}, {@code Mb} and {@code Kb} but computes them with the same powers of 1024
 * ({@code sb_memory.c}: {@code const double megabyte = 1024.0 * 1024.0}; {@code sb_options.c}:
 * {@code sb_print_value_size} divides by 1024 per prefix). See the fixtures README for sources.
 */
final class Units {

  static final double MIB = 1024.0 * 1024.0;

  /** A plain decimal as sysbench prints it ({@code %4.2f}, {@code %.5g}); no sign, no NaN. */
  private static final Decimals PLAIN = Decimals.scientific(64, 0);

  /** A duration with an optional unit suffix: {@code 4.59ms}, {@code 3.0017s}, {@code 46.1087}. */
  private static final Pattern DURATION = Pattern.compile("(.+?)(ns|us|ms|s)?");

  /** A 0.4 size: {@code 179.06M}, {@code 1018.6K}, {@code 512}; optional trailing {@code i}. */
  private static final Pattern SIZE = Pattern.compile("(.+?)([KMGTPE])?i?");

  private Units() {}

  /** The value of a plain non-negative decimal, or empty. */
  static OptionalDouble number(String text) {
    return PLAIN.parse(text);
  }

  /**
   * A duration in seconds. Without a suffix the value is multiplied by {@code defaultScale}
   * (seconds per printed unit); a {@code NaN} scale means a suffix is required.
   */
  static OptionalDouble duration(String text, double defaultScale) {
    if (text == null) {
      return OptionalDouble.empty();
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return OptionalDouble.empty();
    }
    double scale = m.group(2) == null ? defaultScale : switch (m.group(2)) {
      case "ns" -> 1e-9;
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      default -> 1.0;
    };
    if (Double.isNaN(scale)) {
      return OptionalDouble.empty();
    }
    OptionalDouble v = number(m.group(1));
    if (v.isEmpty()) {
      return v;
    }
    // Scale the decimal text exactly (4.33 ms is 0.00433 s, not 0.0043300000000000005).
    long exponent = Math.round(Math.log10(scale));
    if (Math.abs(Math.pow(10, exponent) - scale) < 1e-15 * Math.max(1, scale)) {
      return OptionalDouble.of(new java.math.BigDecimal(m.group(1)).scaleByPowerOfTen((int) exponent).doubleValue());
    }
    return OptionalDouble.of(v.getAsDouble() * scale);
  }

  /** A 0.4 {@code sb_print_value_size} value (powers of 1024) in bytes. */
  static OptionalDouble size(String text) {
    if (text == null) {
      return OptionalDouble.empty();
    }
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return OptionalDouble.empty();
    }
    OptionalDouble v = number(m.group(1));
    if (v.isEmpty()) {
      return v;
    }
    int power = m.group(2) == null ? 0 : "KMGTPE".indexOf(m.group(2).charAt(0)) + 1;
    return OptionalDouble.of(v.getAsDouble() * Math.pow(1024, power));
  }

  /** Bytes per unit for the megabyte spellings sysbench uses (all 2^20, see class doc). */
  static double megabyte(String unit) {
    return switch (unit) {
      case "MiB", "MB", "Mb" -> MIB;
      default -> Double.NaN;
    };
  }

  /**
   * The label for a printed percentile ({@code 95} gives {@code p95}); null for 0 (percentile
   * statistics disabled) or anything above 100, so that label values stay bounded.
   */
  static String percentileLabel(String digits) {
    if (digits == null || digits.isEmpty() || digits.length() > 3
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int p = Integer.parseInt(digits);
    return p > 0 && p <= 100 ? "p" + p : null;
  }
}
