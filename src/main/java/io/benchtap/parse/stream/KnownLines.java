package io.benchtap.parse.stream;

import static io.benchtap.parse.support.KnownLine.known;

import io.benchtap.parse.support.KnownLine;
import java.util.List;

/**
 * Informational stream.c output (5.x and older 5.8/5.9 banners, array sizes, clock checks,
 * validation result) that carries no measurement. Matched against the trimmed line.
 */
final class KnownLines {

  private static final List<KnownLine> KNOWN = List.of(
      known("-{10,}"),
      known("#{10,}"),
      known("STREAM version \\$Revision: [0-9.]+ \\$"),
      known("This system uses \\d+ bytes per (array element|DOUBLE PRECISION word)\\."),
      known("Array size = \\d+( \\(elements\\))?, Offset = \\d+( \\(elements\\))?"),
      known("Memory per array = [0-9.]+ MiB \\(= [0-9.]+ GiB\\)\\."),
      known("Total memory required = [0-9.]+ (MiB \\(= [0-9.]+ GiB\\)|MB|GiB)\\."),
      known("Each kernel will be executed \\d+ times\\."),
      known("Each test is run \\d+ times(, but only)?\\.?"),
      known("the \\*best\\* time for each is used\\."),
      known("The \\*best\\* time for each kernel \\(excluding the first iteration\\)"),
      known("will be used to compute the reported bandwidth\\."),
      known("Number of Threads (requested|counted) = \\d+"),
      known("Printing one line per active thread\\.\\.\\.."),
      known("Your clock granularity/precision appears to be \\d+ microseconds\\."),
      known("Your clock granularity appears to be less than one microsecond\\."),
      known("Each test below will take on the order of \\d+ microseconds\\."),
      known("\\(= \\d+ clock ticks\\)"),
      known("Increase the size of the arrays if this shows that"),
      known("you are not getting at least 20 clock ticks per test\\."),
      known("WARNING -- The above is only a rough guideline\\."),
      known("For best results, please be sure you know the"),
      known("precision of your system timer\\."),
      known("Solution Validates(: avg error less than \\S+ on all three arrays)?"),
      known("Expected Value: .*|For array [abc]\\[\\], \\d+ errors were found\\.|AvgRelAbsErr > .*"));

  private KnownLines() {}

  /** {@code ""} for a known line, {@code null} for an unknown one. */
  static String classify(String trimmed) {
    if (trimmed.length() > 400) {
      return null;
    }
    return KnownLine.classify(KNOWN, trimmed);
  }
}
