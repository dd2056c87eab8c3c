package io.benchtap.parse.nuttcp;

import io.benchtap.parse.support.Decimals;
import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * Numbers and unit conversion for nuttcp output, exact in decimal ({@link BigDecimal}). nuttcp
 * prints {@code MB} as bytes / (1024*1024) and {@code Mbps} as bytes / seconds / 125000, i.e.
 * 10^6 bit/s (nuttcp.c: {@code (double)(nrbytes - pbytes)/(1024*1024), realtd,
 * (double)(nrbytes - pbytes)/realtd/125000}); percentages are divided by 100. A value that is
 * not a plain non-negative decimal gives an empty result, never an exception.
 */
final class Units {

  static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);
  private static final Decimals PLAIN = Decimals.fixed(30, 30);

  private Units() {}

  static BigDecimal decimal(String text) {
    return PLAIN.decimal(text);
  }

  /** {@code text} x 10^power, or empty. */
  static OptionalDouble scaled(String text, int power) {
    return PLAIN.scaled(text, power);
  }

  /** Megabits per second ({@code Mbps}, 10^6 bits/s) in bytes per second: x 10^6 / 8, exact. */
  static OptionalDouble mbpsInBytes(String text) {
    BigDecimal d = decimal(text);
    return d == null ? OptionalDouble.empty() : Decimals.finite(d.scaleByPowerOfTen(6).doubleValue() / 8);
  }

  /** Megabytes (2^20 bytes) in bytes. */
  static OptionalDouble megabytes(String text) {
    BigDecimal d = decimal(text);
    return d == null ? OptionalDouble.empty() : Decimals.finite(d.multiply(MIB).doubleValue());
  }
}
