package io.benchtap.parse.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * perf stat {@code -x,} in a locale whose decimal separator is a comma (de_DE) prints the
 * separator inside the numbers: {@code 2,74,msec,task-clock,2744782,100,00,0,CPUs utilized} is
 * the value {@code 2,74}, unit {@code msec}, event {@code task-clock}, run time {@code 2744782},
 * enabled {@code 100,00} %, metric {@code 0} {@code CPUs utilized}. perf writes {@code -x,} values
 * without grouping, so the fields split apart can be joined again by their shape: a value whose
 * next field is digits followed by a unit (digits cannot be a unit), and an enabled percentage of
 * digits followed by exactly two digits after the run time. A C-locale line never has that shape
 * and is returned unchanged.
 */
final class DecimalCommaCsv {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
  private static final Pattern TWO = Pattern.compile("[0-9]{2}");
  private static final Pattern UNIT = Pattern.compile("[A-Za-z/%]*");

  private DecimalCommaCsv() {}

  static String[] join(String[] f) {
    boolean value = f.length > 4 && DIGITS.matcher(f[0]).matches()
        && DIGITS.matcher(f[1]).matches() && UNIT.matcher(f[2]).matches() && !f[3].isEmpty();
    int at = value ? 2 : 1; // the unit field
    int run = at + 2;
    boolean percent = run + 2 < f.length && DIGITS.matcher(f[run]).matches()
        && DIGITS.matcher(f[run + 1]).matches() && TWO.matcher(f[run + 2]).matches();
    if (!value && !percent) {
      return f;
    }
    List<String> out = new ArrayList<>();
    out.add(value ? f[0] + "," + f[1] : f[0]);
    out.add(f[at]);
    out.add(f[at + 1]);
    int i = run;
    if (percent) {
      out.add(f[run]);
      out.add(f[run + 1] + "," + f[run + 2]);
      i = run + 3;
      // the metric value, when perf printed decimals: digits, digits, then its unit text
      if (i + 2 < f.length && DIGITS.matcher(f[i]).matches() && DIGITS.matcher(f[i + 1]).matches()
          && !f[i + 2].isEmpty() && !DIGITS.matcher(f[i + 2]).matches()) {
        out.add(f[i] + "," + f[i + 1]);
        i += 2;
      }
    }
    for (; i < f.length; i++) {
      out.add(f[i]);
    }
    return out.toArray(String[]::new);
  }
}
