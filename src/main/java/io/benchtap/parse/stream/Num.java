package io.benchtap.parse.stream;

import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Number parsing and exact decimal scaling. A value that is not a plain, finite, non-negative
 * decimal ({@code nan}, {@code inf}, {@code -1}, hexadecimal) is never turned into a measurement:
 * every method returns an empty result instead of throwing.
 */
final class Num {

  private static final Pattern PLAIN =
      Pattern.compile("[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]{1,3})?|\\.[0-9]+(?:[eE][+-]?[0-9]{1,3})?");

  private Num() {}

  /** The value of a plain non-negative decimal, or empty. */
  static OptionalDouble parse(String text) {
    if (text == null || text.length() > 40 || !PLAIN.matcher(text).matches()) {
      return OptionalDouble.empty();
    }
    double v = Double.parseDouble(text);
    return Double.isFinite(v) && v >= 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
  }

  /** The decimal text times 10^exponent, scaled exactly (5.744e+00 Gflops is 5.744e9). */
  static OptionalDouble scaled(String text, int exponent) {
    OptionalDouble v = parse(text);
    if (v.isEmpty()) {
      return v;
    }
    double d = new BigDecimal(text).scaleByPowerOfTen(exponent).doubleValue();
    return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
  }
}
