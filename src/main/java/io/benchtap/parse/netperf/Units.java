package io.benchtap.parse.netperf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * netperf throughput units, as printed by {@code format_units()} in {@code src/netlib.c} and
 * computed by {@code calc_thruput_interval()}: {@code 10^0bits}, {@code 10^3bits}, {@code
 * 10^6bits}, {@code 10^9bits} are powers of ten of bits; {@code Bytes}, {@code KBytes}, {@code
 * MBytes}, {@code GBytes} are 2^0, 2^10, 2^20, 2^30 bytes ({@code divisor = 1024.0 * 1024.0} for
 * {@code 'M'}); {@code Trans} is transactions. See the fixtures README for the evidence.
 */
final class Units {

  /** Bits per printed unit, 0 for transactions, NaN when unknown. */
  static final double TRANSACTIONS = 0;

  private static final Pattern UNIT =
      Pattern.compile("(?:10\\^(\\d)bits|([KMG]?)Bytes|(Trans|Tran))(?:/s(?:ec)?)?");

  private Units() {}

  /** Bits per unit for a printed unit such as {@code 10^6bits/sec}, {@code KBytes}, {@code Trans/s}. */
  static double bits(String unit) {
    if (unit == null) {
      return Double.NaN;
    }
    Matcher m = UNIT.matcher(unit);
    if (!m.matches()) {
      return Double.NaN;
    }
    if (m.group(3) != null) {
      return TRANSACTIONS;
    }
    if (m.group(1) != null) {
      return switch (m.group(1)) {
        case "0" -> 1;
        case "3" -> 1e3;
        case "6" -> 1e6;
        case "9" -> 1e9;
        default -> Double.NaN;
      };
    }
    return 8 * switch (m.group(2)) {
      case "K" -> 1024.0;
      case "M" -> 1024.0 * 1024.0;
      case "G" -> 1024.0 * 1024.0 * 1024.0;
      default -> 1.0;
    };
  }

  /** Bits per unit for a {@code -f} letter; netperf's default ({@code m}) when null. */
  static double bitsForFormat(String letter) {
    if (letter == null) {
      return 1e6;
    }
    return switch (letter) {
      case "b" -> 1;
      case "k" -> 1e3;
      case "m" -> 1e6;
      case "g" -> 1e9;
      case "B" -> 8;
      case "K" -> 8 * 1024.0;
      case "M" -> 8 * 1024.0 * 1024.0;
      case "G" -> 8 * 1024.0 * 1024.0 * 1024.0;
      default -> Double.NaN;
    };
  }
}
