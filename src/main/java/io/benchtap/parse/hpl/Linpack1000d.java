package io.benchtap.parse.hpl;

import io.benchtap.parse.support.Decimals;
import static io.benchtap.parse.support.SampleEmitter.PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.RATIO;
import static io.benchtap.parse.support.SampleEmitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.SampleEmitter;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic netlib LINPACK 1000d benchmark (Fortran, {@code 1000d.f}, "this version dated
 * 10/12/92"): a residual block ({@code norm. resid resid machep x(1) x(n)} and one row of five
 * numbers in {@code 1p5e16.8}), then {@code times are reported for matrices of order 1000},
 * the header {@code factor solve total mflops unit ratio} and one row per array of six numbers in
 * {@code 1pe11.3}. Each row gives the final {@code flops_per_second} (mflops x 1e6, the program
 * computes {@code ops/(1.0d6*total)}), {@code total_time_seconds} (the total column, seconds) and,
 * with the residual block, {@code hpl_scaled_residual_ratio} (the normalized residual
 * {@code resid/(n*norma*normx*eps)}), all with label {@code n} (the order). Lines of this format
 * that carry no value (the address block of the original, the leading dimension line, the end
 * line) are consumed silently.
 */
final class Linpack1000d {

  private static final String E = "([0-9]\\.[0-9]+[EeDd][+-][0-9]{2,3})";
  private static final Pattern RESID_HEADER =
      Pattern.compile("norm\\. resid\\s+resid\\s+machep\\s+x\\(1\\)\\s+x\\(n\\)");
  private static final Pattern RESID_ROW = Pattern.compile(
      E + "\\s+" + E + "\\s+" + E + "\\s+(-?[0-9]\\.[0-9]+[EeDd][+-][0-9]{2,3})\\s+"
          + "(-?[0-9]\\.[0-9]+[EeDd][+-][0-9]{2,3})");
  private static final Pattern ORDER =
      Pattern.compile("times are reported for matrices of order\\s*([0-9]{1,9})");
  private static final Pattern TIMES_HEADER =
      Pattern.compile("factor\\s+solve\\s+total\\s+mflops\\s+unit\\s+ratio");
  private static final Pattern TIMES_ROW = Pattern.compile(
      E + "\\s*" + E + "\\s*" + E + "\\s*" + E + "\\s*" + E + "\\s*" + E);
  private static final Pattern QUIET = Pattern.compile(
      "times for array with leading dimension of\\s*[0-9]+|end of tests -- this version dated .*"
          + "|Please send the results of this run to:|Jack J\\. Dongarra|Computer Science Department"
          + "|University of Tennessee|Knoxville, Tennessee .*|Fax: [0-9-]+|Internet: \\S+@\\S+");

  private boolean residNext;
  private boolean inTimes;
  private String residual;
  private Map<String, String> labels = Map.of();

  /** Whether the format's first line (the residual header or the times banner) is this one. */
  static boolean signature(String trimmed) {
    return RESID_HEADER.matcher(trimmed).matches() || ORDER.matcher(trimmed).matches();
  }

  /** Consumes a line of this format (true), or leaves it to the caller (false). */
  boolean line(String t, String raw, SampleEmitter em, ParseSink out) {
    Matcher m;
    if (RESID_HEADER.matcher(t).matches()) {
      em.infer("linpack");
      residNext = true;
      return true;
    }
    if (residNext && (m = RESID_ROW.matcher(t)).matches()) {
      residNext = false;
      residual = m.group(1);
      return true;
    }
    residNext = false;
    if ((m = ORDER.matcher(t)).matches()) {
      em.infer("linpack");
      labels = Map.of("n", String.valueOf(Long.parseLong(m.group(1))));
      return true;
    }
    if (TIMES_HEADER.matcher(t).matches()) {
      inTimes = true;
      return true;
    }
    if (inTimes && (m = TIMES_ROW.matcher(t)).matches()) {
      OptionalDouble flops = Decimals.PRINTF.scaled(fortran(m.group(4)), 6);
      OptionalDouble total = Decimals.PRINTF.parse(fortran(m.group(3)));
      if (flops.isEmpty() || total.isEmpty()) {
        out.unparsed(raw, "bad number");
        return true;
      }
      em.emit(out, "flops_per_second", flops.getAsDouble(), PER_SECOND, Phase.FINAL, labels);
      em.emit(out, "total_time_seconds", total.getAsDouble(), SECONDS, Phase.FINAL, labels);
      OptionalDouble r = residual == null ? OptionalDouble.empty() : Decimals.PRINTF.parse(fortran(residual));
      if (r.isPresent()) {
        em.emit(out, "hpl_scaled_residual_ratio", r.getAsDouble(), RATIO, Phase.FINAL, labels);
      }
      return true;
    }
    return QUIET.matcher(t).matches();
  }

  /** Fortran may print a D exponent; Java reads an E. */
  private static String fortran(String number) {
    return number.replace('D', 'E').replace('d', 'E');
  }
}
