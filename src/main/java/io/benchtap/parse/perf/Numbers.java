package io.benchtap.parse.perf;

import io.benchtap.parse.support.Decimals;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Numbers as perf stat prints them, in any locale. perf calls {@code setlocale(LC_ALL, "")}, so
 * counts are grouped by the locale ({@code 5,205,202,243}, {@code 3.642.649.330}, {@code
 * 976 160 248}) and the decimal separator may be a comma ({@code 1.101,01 msec}). Counter values
 * are printed with {@code %'.0f} or {@code %'.2f} (never three decimals), so in a counter value a
 * separator followed by exactly three digits is a grouping separator and any other is the
 * decimal separator. Metric, percentage and time values ({@code %8.3f}, {@code %.2f%%}, {@code
 * %17.9f}) are never grouped: their one separator is the decimal one. Nothing here throws; a
 * malformed value is null.
 */
final class Numbers {

  private static final Pattern COUNTER = Pattern.compile(
      "[0-9]{1,3}(?:[ \u00A0\u202F][0-9]{3})+(?:[.,][0-9]+)?|[0-9][0-9.,'\u00A0\u202F]{0,40}");
  private static final Decimals PLAIN = Decimals.fixedOrComma(30, 30);

  private Numbers() {}

  static String counterPattern() {
    return COUNTER.pattern();
  }

  /** A counter column value ({@code 1,234}, {@code 1.101,01}, {@code 3.01}), or null. */
  static BigDecimal counter(String text) {
    if (text == null || !COUNTER.matcher(text).matches() || !Character.isDigit(
        text.charAt(text.length() - 1))) {
      return null;
    }
    int last = -1;
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        last = i;
      }
    }
    int decimalAt = -1;
    if (last >= 0 && (text.charAt(last) == '.' || text.charAt(last) == ',')
        && text.length() - last - 1 != 3) {
      decimalAt = last;
    }
    StringBuilder digits = new StringBuilder();
    int group = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isDigit(c)) {
        digits.append(c);
        if (group >= 0) {
          group++;
        }
      } else if (i == decimalAt) {
        if (group >= 0 && group != 3) {
          return null;
        }
        digits.append('.');
        group = -1;
      } else {
        if (group >= 0 && group != 3) {
          return null; // grouping separators must be three digits apart
        }
        group = 0;
      }
    }
    if (group >= 0 && group != 3 && decimalAt < 0) {
      return null;
    }
    return new BigDecimal(digits.toString());
  }

  /** An ungrouped decimal with either separator ({@code 0.999}, {@code 0,999}), or null. */
  static BigDecimal plain(String text) {
    return PLAIN.decimal(text);
  }

  static double finite(BigDecimal d) {
    if (d == null) {
      return Double.NaN;
    }
    return Decimals.finite(d.doubleValue()).orElse(Double.NaN);
  }
}
