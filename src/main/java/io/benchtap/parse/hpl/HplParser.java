package io.benchtap.parse.hpl;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.HIGHER_IS_BETTER;
import static io.benchtap.model.Direction.NEUTRAL;
import static io.benchtap.parse.support.CommonMetrics.TOTAL_TIME;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parser for Linpack output: the {@code HPL.out} of HPL 1.0a and 2.x ({@code xhpl}), the HPL part
 * of HPC Challenge's {@code hpccoutf.txt} (the {@code Begin of HPL section.} and the {@code
 * HPL_Tflops}/{@code HPL_time} keys of the {@code Begin of Summary section.}), and the classic
 * netlib {@code linpack.c} ({@code linpackc.new}: {@code Reps Time(s) DGEFA DGESL OVERHEAD KFLOPS}).
 *
 * <p>Metrics, in SI base units: each HPL result row ({@code WR11C2R4 1000 80 1 1 0.12 5.744e+00})
 * gives live {@code flops_per_second} (Gflops x 1e9) and {@code total_time_seconds} with labels
 * {@code tv} (the encoded variant), {@code n}, {@code nb}, {@code p} and {@code q} (the row's
 * columns: together they identify a row of an HPL.dat with several values), its residual check
 * line {@code hpl_scaled_residual_ratio} (same labels); when the tests end ({@code Finished N tests}, or the end of the stream) the best
 * row becomes the final {@code flops_per_second}, {@code total_time_seconds} and {@code
 * hpl_scaled_residual_ratio} (no label, as HPCC's {@code HPL_Tflops} is the best run), and the
 * {@code Finished} block gives {@code tests_total} ({@code result} = passed, failed, skipped).
 * linpack.c rows give live {@code flops_per_second} (KFLOPS x 1e3), the last row of a table the
 * final one, each with label {@code array_size} (from {@code Array size 200 X 200.}: one table
 * per size entered). Benchmark name: {@code hpl} or {@code linpack}, from the command line ({@code xhpl},
 * {@code hpcc}, {@code linpack}) or else the output.
 *
 * <p>A residual check {@code FAILED}, or MPI's {@code BAD TERMINATION} block, reports {@code
 * runFailed} once; every later line is ignored. Other sections of {@code hpccoutf.txt} (STREAM,
 * FFT, RandomAccess...) are skipped silently: the {@code stream} parser reads the STREAM part.
 * Known informational lines (banners, parameter echo, explanations) are ignored silently; any
 * other line is reported with {@code unparsed(line, "unrecognised line")}, a known line with a
 * value that is not a finite non-negative decimal with {@code "bad number"}.
 */
public final class HplParser extends DeclaredParser {

  private static final Pattern HPL_BANNER =
      Pattern.compile("\\s*HPLinpack \\d+\\.\\S+\\s+--\\s+High-Performance Linpack benchmark.*");
  private static final Pattern HPCC_BANNER =
      Pattern.compile("This is the DARPA/DOE HPC Challenge Benchmark version .*");
  private static final Pattern LINPACK = Pattern.compile(
      "\\s*(LINPACK benchmark, (Double|Single) precision\\.|Average rolled and unrolled performance:"
          + "|Reps Time\\(s\\) DGEFA\\s+DGESL\\s+OVERHEAD\\s+[KM]FLOPS"
          + "|Enter array size \\(q to quit\\) \\[\\d+\\]:.*)\\s*");
  private static final Pattern TV_HEADER =
      Pattern.compile("T/V\\s+N\\s+NB\\s+P\\s+Q\\s+Time\\s+Gflops\\s*");

  /** The tool's name, version flag and metrics (docs/metrics.md, "hpl"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("hpl", List.of(), List.of(
      new MetricSpec("flops_per_second", "per_second", HIGHER_IS_BETTER, SUM,
          "Floating-point operations per second."),
      new MetricSpec("hpl_scaled_residual_ratio", "ratio", NEUTRAL, MEAN,
          "HPL scaled residual of the solve (its accuracy check: passed below the threshold in HPL.dat, usually 16)."),
      new MetricSpec("tests_total", "count", NEUTRAL, SUM,
          "HPL tests by result (passed, failed, skipped), as counted at the end of the run."),
      TOTAL_TIME));

  public HplParser() {
    super(DECLARATION);
  }

  /**
   * 100 for an HPL banner or T/V header, 90 for the HPC Challenge banner (the {@code stream}
   * parser scores it 40: {@code --tool auto} picks hpl for hpccoutf.txt), 90 for netlib linpack.c
   * lines, 0 otherwise.
   */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> HPL_BANNER.matcher(line).matches() || TV_HEADER.matcher(line).matches(), 100,
        line -> HPCC_BANNER.matcher(line).matches() || LINPACK.matcher(line).matches()
            || Linpack1000d.signature(line.strip()), 90);
  }

  /**
   * True for HPC Challenge's hpccoutf.txt (its banner), whichever parser was detected for it: its
   * HPL section and summary keys are this parser's.
   */
  @Override
  public boolean alsoParses(List<String> head) {
    return Detect.score(head, 400, line -> HPCC_BANNER.matcher(line).matches(), 1, l -> false, 0) > 0;
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    String benchmark = context == null ? null
        : context.commandLine().flatMap(HplParser::benchmark).orElse(null);
    return new HplStream(benchmark);
  }

  /** {@code hpl} for xhpl or hpcc, {@code linpack} for a linpack binary, else empty. */
  static Optional<String> benchmark(String commandLine) {
    if (commandLine == null) {
      return Optional.empty();
    }
    for (String token : commandLine.trim().split("\\s+")) {
      String base = token.substring(token.lastIndexOf('/') + 1).replace("\"", "").replace("'", "")
          .toLowerCase(Locale.ROOT);
      if (base.equals("xhpl") || base.equals("hpcc") || base.startsWith("xhpl_")) {
        return Optional.of("hpl");
      }
      if (base.equals("linpack") || base.startsWith("linpack.") || base.startsWith("linpackc")) {
        return Optional.of("linpack");
      }
    }
    return Optional.empty();
  }
}
