package io.benchtap.parse.hpl;

import io.benchtap.parse.support.Decimals;
import io.benchtap.parse.support.SampleEmitter;
import static io.benchtap.parse.support.SampleEmitter.COUNT;
import static io.benchtap.parse.support.SampleEmitter.PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.RATIO;
import static io.benchtap.parse.support.SampleEmitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one HPL / HPCC / linpack.c stream. The only buffered state is the best HPL row
 * so far (its final values are emitted when the tests end) and the last linpack.c row (final
 * when its table ends). Never throws.
 *
 * <p>An HPL row is identified by its T/V code and its N, NB, P and Q columns (labels {@code tv},
 * {@code n}, {@code nb}, {@code p}, {@code q}): HPL.dat lists several values of each and HPL runs
 * every combination, and the other parameters that HPL.dat may vary (PMAP, DEPTH, BCAST, RFACT,
 * NDIV, PFACT, NBMIN) are what the T/V code encodes. A linpack.c table is identified by the array
 * size it was given ({@code array_size}, from {@code Array size 200 X 200.}): linpack.c asks for
 * one size after the other and prints one table for each.
 */
final class HplStream extends ToolStream {

  private static final String N = "(\\S+)";
  private static final Pattern ROW = Pattern.compile(
      "(W[A-Z0-9]{7,12})\\s+(\\d{1,12})\\s+(\\d{1,12})\\s+(\\d{1,12})\\s+(\\d{1,12})\\s+" + N
          + "\\s+" + N);
  private static final Pattern RESIDUAL = Pattern.compile(
      "\\|\\|Ax-b\\|\\|_oo/\\(eps\\*\\(\\|\\|A\\|\\|_oo\\*\\|\\|x\\|\\|_oo\\+\\|\\|b\\|\\|_oo\\)\\*N\\)="
          + "\\s*" + N + "\\s+\\.+\\s+(PASSED|FAILED)");
  private static final Pattern OTHER_CHECK =
      Pattern.compile("\\|\\|Ax-b\\|\\|.*=\\s*\\S+\\s+\\.{3,}\\s+(PASSED|FAILED)");
  private static final Pattern FINISHED =
      Pattern.compile("Finished\\s+\\d+\\s+tests,? with the following results:");
  private static final Pattern RESULT = Pattern.compile(
      "(\\d+) tests? (completed and passed residual checks|completed and failed residual checks"
          + "|skipped because of illegal input values)[,.]?");
  private static final Pattern SECTION = Pattern.compile("(Begin|End) of (\\w+) section\\.");
  private static final Pattern SUMMARY_KEY = Pattern.compile("(\\w+)=(\\S*)");
  private static final Pattern LINPACK_HEADER =
      Pattern.compile("Reps Time\\(s\\) DGEFA\\s+DGESL\\s+OVERHEAD\\s+([KM])FLOPS");
  private static final Pattern LINPACK_SIZE =
      Pattern.compile("Array size (\\d{1,9}) X \\d{1,9}\\.");
  private static final Pattern LINPACK_ROW =
      Pattern.compile("(\\d+)\\s+" + N + "\\s+" + N + "%\\s+" + N + "%\\s+" + N + "%\\s+" + N);
  private static final Pattern MPI_FAILURE = Pattern.compile(
      "=\\s+(BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES)\\s*"
          + "|(YOUR APPLICATION TERMINATED WITH THE EXIT STRING: .*)");

  private final SampleEmitter em;
  private final Linpack1000d fortran = new Linpack1000d();
  /** HPCC section being read, null outside sections (plain HPL.out). */
  private String section;
  /** Labels of the last HPL row ({@code tv n nb p q}): its residual line follows it. */
  private Map<String, String> lastRow;
  private Map<String, String> bestRow;
  private double bestFlops = -1;
  private double bestTime = -1;
  private double bestResidual = -1;
  private boolean finalEmitted;
  /** linpack.c: flops per printed unit of the current table (0 outside a table). */
  private int linpackExponent;
  private double lastLinpack = -1;
  /** linpack.c: labels of the current table ({@code array_size}), empty when not printed. */
  private Map<String, String> linpackLabels = Map.of();

  HplStream(String benchmark) {
    this.em = new SampleEmitter(benchmark, "unknown", true);
  }

  @Override
  protected void handle(String raw, ParseSink out) {
    String t = raw.strip();
    Matcher m = SECTION.matcher(t);
    if (m.matches()) {
      section = m.group(1).equals("Begin") ? m.group(2) : "";
      return;
    }
    if (section != null && !section.equals("HPL")) {
      if (section.equals("Summary") && (m = SUMMARY_KEY.matcher(t)).matches()) {
        summary(m.group(1), m.group(2), raw, out);
      } else if (!section.equals("Summary") && !section.isEmpty()) {
        return; // another HPCC benchmark's section
      } else if (!t.isEmpty() && KnownLines.classify(t) == null) {
        out.unparsed(raw, "unrecognised line");
      }
      return;
    }
    if (linpackExponent > 0 && t.isEmpty()) {
      endLinpackTable(out);
      return;
    }
    if (t.isEmpty()) {
      return;
    }
    if (fortran.line(t, raw, em, out)) {
      return;
    }
    if ((m = ROW.matcher(t)).matches()) {
      row(m, raw, out);
    } else if ((m = RESIDUAL.matcher(t)).matches()) {
      residual(m.group(1), m.group(2), raw, out);
    } else if ((m = OTHER_CHECK.matcher(t)).matches()) {
      if (m.group(1).equals("FAILED")) {
        em.fail(out, "HPL residual check FAILED");
      }
    } else if (FINISHED.matcher(t).matches()) {
      emitFinal(out);
    } else if ((m = RESULT.matcher(t)).matches()) {
      result(m, raw, out);
    } else if ((m = LINPACK_SIZE.matcher(t)).matches()) {
      em.infer("linpack");
      linpackLabels = Map.of("array_size", String.valueOf(Long.parseLong(m.group(1))));
    } else if ((m = LINPACK_HEADER.matcher(t)).matches()) {
      em.infer("linpack");
      linpackExponent = m.group(1).equals("K") ? 3 : 6;
    } else if (linpackExponent > 0 && (m = LINPACK_ROW.matcher(t)).matches()) {
      OptionalDouble v = Decimals.PRINTF.scaled(m.group(6), linpackExponent);
      if (v.isEmpty() || Decimals.PRINTF.parse(m.group(2)).isEmpty()) {
        out.unparsed(raw, "bad number");
      } else {
        lastLinpack = v.getAsDouble();
        em.emit(out, "flops_per_second", lastLinpack, PER_SECOND, Phase.INTERVAL, linpackLabels);
      }
    } else if ((m = MPI_FAILURE.matcher(t)).matches()) {
      em.fail(out, "MPI: " + (m.group(1) != null ? m.group(1) : m.group(2)));
    } else {
      String known = KnownLines.classify(t);
      if (known == null) {
        out.unparsed(raw, "unrecognised line");
      } else if (!known.isEmpty()) {
        em.infer(known);
      }
    }
  }

  private void row(Matcher m, String raw, ParseSink out) {
    OptionalDouble time = Decimals.PRINTF.parse(m.group(6));
    OptionalDouble flops = Decimals.PRINTF.scaled(m.group(7), 9);
    if (time.isEmpty() || flops.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    em.infer("hpl");
    lastRow = Map.of("tv", m.group(1), "n", integer(m.group(2)), "nb", integer(m.group(3)),
        "p", integer(m.group(4)), "q", integer(m.group(5)));
    em.emit(out, "flops_per_second", flops.getAsDouble(), PER_SECOND, Phase.INTERVAL, lastRow);
    em.emit(out, "total_time_seconds", time.getAsDouble(), SECONDS, Phase.INTERVAL, lastRow);
    if (flops.getAsDouble() > bestFlops) {
      bestFlops = flops.getAsDouble();
      bestTime = time.getAsDouble();
      bestRow = lastRow;
      bestResidual = -1;
    }
  }

  /** A column of digits as a label value without leading zeros ({@code %12d} prints none). */
  private static String integer(String digits) {
    return String.valueOf(Long.parseLong(digits));
  }

  private void residual(String value, String verdict, String raw, ParseSink out) {
    if (verdict.equals("FAILED")) {
      em.fail(out, "HPL residual check FAILED");
      return;
    }
    OptionalDouble v = Decimals.PRINTF.parse(value);
    if (v.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    if (lastRow != null) {
      em.emit(out, "hpl_scaled_residual_ratio", v.getAsDouble(), RATIO, Phase.INTERVAL, lastRow);
      if (lastRow == bestRow && bestResidual < 0) {
        bestResidual = v.getAsDouble();
      }
    }
  }

  private void result(Matcher m, String raw, ParseSink out) {
    OptionalDouble n = Decimals.PRINTF.parse(m.group(1));
    if (n.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    String kind = m.group(2);
    String result = kind.contains("passed") ? "passed" : kind.contains("failed") ? "failed"
        : "skipped";
    if (result.equals("failed") && n.getAsDouble() > 0) {
      em.fail(out, "HPL residual check FAILED");
      return;
    }
    em.emit(out, "tests_total", n.getAsDouble(), COUNT, Phase.FINAL, Map.of("result", result));
  }

  private void summary(String key, String value, String raw, ParseSink out) {
    if (!key.equals("HPL_Tflops") && !key.equals("HPL_time")) {
      return;
    }
    OptionalDouble v = key.equals("HPL_Tflops") ? Decimals.PRINTF.scaled(value, 12) : Decimals.PRINTF.parse(value);
    if (v.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    em.infer("hpl");
    if (key.equals("HPL_Tflops")) {
      em.emit(out, "flops_per_second", v.getAsDouble(), PER_SECOND, Phase.FINAL);
    } else {
      em.emit(out, "total_time_seconds", v.getAsDouble(), SECONDS, Phase.FINAL);
    }
  }

  private void emitFinal(ParseSink out) {
    if (finalEmitted || bestFlops < 0) {
      return;
    }
    finalEmitted = true;
    em.emit(out, "flops_per_second", bestFlops, PER_SECOND, Phase.FINAL);
    em.emit(out, "total_time_seconds", bestTime, SECONDS, Phase.FINAL);
    if (bestResidual >= 0) {
      em.emit(out, "hpl_scaled_residual_ratio", bestResidual, RATIO, Phase.FINAL);
    }
  }

  private void endLinpackTable(ParseSink out) {
    linpackExponent = 0;
    if (lastLinpack >= 0) {
      em.emit(out, "flops_per_second", lastLinpack, PER_SECOND, Phase.FINAL, linpackLabels);
      lastLinpack = -1;
    }
    linpackLabels = Map.of();
  }

  @Override
  public void end(ParseSink out) {
    if (em.failed()) {
      return;
    }
    endLinpackTable(out);
    emitFinal(out);
  }

  @Override
  protected boolean ignoresRest() {
    return em.failed(); // nothing is read after the run failed
  }
}
