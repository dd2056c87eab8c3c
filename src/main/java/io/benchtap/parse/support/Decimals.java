package io.benchtap.parse.support;

import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The one number parser of the tool parsers: plain, finite, non-negative decimals as a tool prints
 * them. Each tool family keeps its own accepted syntax (how many digits, whether an exponent or a
 * decimal comma may appear), made from {@link #scientific} or {@link #fixed}; what is done with a
 * value is the same for all. A value that does not match ({@code nan}, {@code inf}, {@code -1},
 * hexadecimal, too long) is never turned into a measurement: every method returns an empty result
 * or null instead of throwing.
 */
public final class Decimals {

  /**
   * printf {@code %f}, {@code %e} and {@code %g} output with an exponent of at most three digits,
   * at most 40 characters (hpl, netperf, STREAM).
   */
  public static final Decimals PRINTF = scientific(40, 3);

  /** The accepted text, its length bound included. */
  private final Pattern syntax;
  /** Whether a comma is the decimal separator as well as a point. */
  private final boolean decimalComma;

  private Decimals(Pattern syntax, boolean decimalComma) {
    this.syntax = syntax;
    this.decimalComma = decimalComma;
  }

  /**
   * Digits with an optional fraction ({@code 1.}, {@code .5}) and exponent, at most {@code
   * maxLength} characters; {@code exponentDigits} bounds the exponent's digits (0: unbounded).
   */
  public static Decimals scientific(int maxLength, int exponentDigits) {
    String exp = "(?:[eE][+-]?[0-9]" + (exponentDigits > 0 ? "{1," + exponentDigits + "}" : "+")
        + ")?";
    return new Decimals(Pattern.compile(
        "(?=.{1," + maxLength + "}\\z)(?:[0-9]+(?:\\.[0-9]*)?" + exp + "|\\.[0-9]+" + exp + ")"), false);
  }

  /** Up to {@code intDigits} digits, then optionally a point and up to {@code fracDigits}. */
  public static Decimals fixed(int intDigits, int fracDigits) {
    return new Decimals(fixedPattern(intDigits, fracDigits, "\\."), false);
  }

  /** The same fixed-point syntax, with a comma also accepted as the decimal separator. */
  public static Decimals fixedOrComma(int intDigits, int fracDigits) {
    return new Decimals(fixedPattern(intDigits, fracDigits, "[.,]"), true);
  }

  private static Pattern fixedPattern(int intDigits, int fracDigits, String point) {
    return Pattern.compile(
        "[0-9]{1," + intDigits + "}(?:" + point + "[0-9]{1," + fracDigits + "})?");
  }

  private String normal(String text) {
    if (text == null || !syntax.matcher(text).matches()) {
      return null;
    }
    return decimalComma ? text.replace(',', '.') : text;
  }

  /** The value, when finite and non-negative; otherwise empty. */
  public OptionalDouble parse(String text) {
    String t = normal(text);
    return t == null ? OptionalDouble.empty() : finite(Double.parseDouble(t));
  }

  /** The exact decimal value, or null. */
  public BigDecimal decimal(String text) {
    String t = normal(text);
    return t == null ? null : new BigDecimal(t);
  }

  /** The value times 10^exponent, scaled exactly (5.744e+00 Gflops is 5.744e9), or empty. */
  public OptionalDouble scaled(String text, int exponent) {
    if (parse(text).isEmpty()) {
      return OptionalDouble.empty();
    }
    return finite(decimal(text).scaleByPowerOfTen(exponent).doubleValue());
  }

  /** {@code v} when finite and non-negative; otherwise empty. */
  public static OptionalDouble finite(double v) {
    return Double.isFinite(v) && v >= 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
  }
}
