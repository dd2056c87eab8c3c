package io.benchtap.parse.hpl;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Informational HPL, HPCC and linpack.c output that carries no measurement: banners, the
 * explanation and parameter echo of HPL, section rules, time stamps, residual details printed
 * after a failed check, MPI launcher chatter. Some of them name the benchmark. Matched against
 * the line with surrounding white space removed.
 */
final class KnownLines {

  private record Known(Pattern pattern, String benchmark) {}

  private static final List<Known> KNOWN = List.of(
      // HPL banner and explanation
      k("HPLinpack \\d+\\.\\S+\\s+--\\s+High-Performance Linpack benchmark.*", "hpl"),
      k("HPL-NVIDIA .*", "hpl"),
      k("Written by A\\. Petitet and R\\. Clint Whaley.*"),
      k("Modified by (Piotr Luszczek|Julien Langou).*"),
      k("={10,}|-{10,}"),
      k("An explanation of the input/output parameters follows:"),
      k("(T/V|N|NB|P|Q|Time|Gflops)\\s+: .*"),
      k("The following parameter values will be used:"),
      // parameter echo: "N      :    1000", "SWAP   : Mix (threshold = 64)", wrapped value lists
      k("[A-Z][A-Z0-9]{0,7}\\s+:\\s+.*"),
      k("\\d+(\\s+\\d+)*"),
      k("- The matrix A is randomly generated for each test\\."),
      k("- The following scaled residual check will be computed:"),
      k("\\|\\|Ax-b\\|\\|_oo / \\( eps \\* \\( \\|\\| x \\|\\|_oo \\* \\|\\| A \\|\\|_oo \\+ "
          + "\\|\\| b \\|\\|_oo \\) \\* N \\)"),
      k("- The following scaled residual checks will be computed:"),
      k("\\|\\|Ax-b\\|\\|_oo / \\( eps \\* .*\\)"),
      k("- The relative machine precision \\(eps\\) is taken to be\\s+\\S+"),
      k("- Computational tests pass if scaled residuals are less than\\s+\\S+"),
      k("T/V\\s+N\\s+NB\\s+P\\s+Q\\s+Time\\s+Gflops", "hpl"),
      k("HPL_pdgesv\\(\\) (start|end) time .*"),
      k("End of Tests\\."),
      // details printed after a residual check
      k("\\|\\|(Ax-b|A|x|b)\\|\\|_(oo|1)\\s+[. ]+=\\s+\\S+"),
      // HPC Challenge banner and frame
      k("#{10,}"),
      k("This is the DARPA/DOE HPC Challenge Benchmark version .*", "hpl"),
      k("Produced by Jack Dongarra and Piotr Luszczek"),
      k("Innovative Computing Laboratory"),
      k("University of Tennessee Knoxville and Oak Ridge National Laboratory"),
      k("See the source files for authors of specific codes\\."),
      k("Compiled on .*"),
      k("Current time \\(\\d+\\) is .*"),
      k("Hostname: '.*'"),
      k("End of HPC Challenge tests\\."),
      // MPI launchers
      k("\\[mpiexec@[^\\]]*\\] .*"),
      k("=\\s+(PID \\d+ RUNNING AT .*|EXIT CODE: \\d+|CLEANING UP REMAINING PROCESSES"
          + "|YOU CAN IGNORE THE BELOW CLEANUP MESSAGES)"),
      k("This typically refers to a problem with your application\\."),
      k("Please see the FAQ page for debugging suggestions"),
      // netlib linpack.c (linpackc.new)
      k("Enter array size \\(q to quit\\) \\[\\d+\\]:.*", "linpack"),
      k("Memory required:\\s+\\d+K\\."),
      k("LINPACK benchmark, (Double|Single) precision\\.", "linpack"),
      k("Machine precision:\\s+\\d+ digits\\."),
      k("Array size \\d+ X \\d+\\."),
      k("Average rolled and unrolled performance:", "linpack"),
      k("Too small\\."),
      k("Not enough memory available for given array size\\."));

  private KnownLines() {}

  /**
   * Whether the trimmed line is known informational output.
   *
   * @return {@code null} for an unknown line, {@code ""} for a known line naming no benchmark,
   *     otherwise the benchmark it implies
   */
  static String classify(String trimmed) {
    if (trimmed.length() > 400) {
      return null;
    }
    for (Known known : KNOWN) {
      if (known.pattern().matcher(trimmed).matches()) {
        return known.benchmark();
      }
    }
    return null;
  }

  private static Known k(String regex) {
    return new Known(Pattern.compile(regex), "");
  }

  private static Known k(String regex, String benchmark) {
    return new Known(Pattern.compile(regex), benchmark);
  }
}
