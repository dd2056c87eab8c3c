package io.benchtap.parse.hpl;

import static io.benchtap.parse.support.KnownLine.known;

import io.benchtap.parse.support.KnownLine;
import java.util.List;

/**
 * Informational HPL, HPCC and linpack.c output that carries no measurement: banners, the
 * explanation and parameter echo of HPL, section rules, time stamps, residual details printed
 * after a failed check, MPI launcher chatter. Some of them name the benchmark. Matched against
 * the line with surrounding white space removed.
 */
final class KnownLines {

  private static final List<KnownLine> KNOWN = List.of(
      // HPL banner and explanation
      known("HPLinpack \\d+\\.\\S+\\s+--\\s+High-Performance Linpack benchmark.*", "hpl"),
      known("HPL-NVIDIA .*", "hpl"),
      known("Written by A\\. Petitet and R\\. Clint Whaley.*"),
      known("Modified by (Piotr Luszczek|Julien Langou).*"),
      known("={10,}|-{10,}"),
      known("An explanation of the input/output parameters follows:"),
      known("(T/V|N|NB|P|Q|Time|Gflops)\\s+: .*"),
      known("The following parameter values will be used:"),
      // parameter echo: "N      :    1000", "SWAP   : Mix (threshold = 64)", wrapped value lists
      known("[A-Z][A-Z0-9]{0,7}\\s+:\\s+.*"),
      known("\\d+(\\s+\\d+)*"),
      known("- The matrix A is randomly generated for each test\\."),
      known("- The following scaled residual check will be computed:"),
      known("\\|\\|Ax-b\\|\\|_oo / \\( eps \\* \\( \\|\\| x \\|\\|_oo \\* \\|\\| A \\|\\|_oo \\+ "
          + "\\|\\| b \\|\\|_oo \\) \\* N \\)"),
      known("- The following scaled residual checks will be computed:"),
      known("\\|\\|Ax-b\\|\\|_oo / \\( eps \\* .*\\)"),
      known("- The relative machine precision \\(eps\\) is taken to be\\s+\\S+"),
      known("- Computational tests pass if scaled residuals are less than\\s+\\S+"),
      known("T/V\\s+N\\s+NB\\s+P\\s+Q\\s+Time\\s+Gflops", "hpl"),
      known("HPL_pdgesv\\(\\) (start|end) time .*"),
      known("End of Tests\\."),
      // details printed after a residual check
      known("\\|\\|(Ax-b|A|x|b)\\|\\|_(oo|1)\\s+[. ]+=\\s+\\S+"),
      // HPC Challenge banner and frame
      known("#{10,}"),
      known("This is the DARPA/DOE HPC Challenge Benchmark version .*", "hpl"),
      known("Produced by Jack Dongarra and Piotr Luszczek"),
      known("Innovative Computing Laboratory"),
      known("University of Tennessee Knoxville and Oak Ridge National Laboratory"),
      known("See the source files for authors of specific codes\\."),
      known("Compiled on .*"),
      known("Current time \\(\\d+\\) is .*"),
      known("Hostname: '.*'"),
      known("End of HPC Challenge tests\\."),
      // MPI launchers
      known("\\[mpiexec@[^\\]]*\\] .*"),
      known("=\\s+(PID \\d+ RUNNING AT .*|EXIT CODE: \\d+|CLEANING UP REMAINING PROCESSES"
          + "|YOU CAN IGNORE THE BELOW CLEANUP MESSAGES)"),
      known("This typically refers to a problem with your application\\."),
      known("Please see the FAQ page for debugging suggestions"),
      // netlib linpack.c (linpackc.new)
      known("Enter array size \\(q to quit\\) \\[\\d+\\]:.*", "linpack"),
      known("Memory required:\\s+\\d+K\\."),
      known("LINPACK benchmark, (Double|Single) precision\\.", "linpack"),
      known("Machine precision:\\s+\\d+ digits\\."),
      known("Array size \\d+ X \\d+\\."),
      known("Average rolled and unrolled performance:", "linpack"),
      known("Too small\\."),
      known("Not enough memory available for given array size\\."));

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
    return KnownLine.classify(KNOWN, trimmed);
  }
}
