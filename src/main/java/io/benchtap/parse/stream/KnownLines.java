package io.benchtap.parse.stream;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Informational stream.c output (5.x and older 5.8/5.9 banners, array sizes, clock checks,
 * validation result) that carries no measurement. Matched against the trimmed line.
 */
final class KnownLines {

  private static final List<Pattern> KNOWN = List.of(
      p("-{10,}"),
      p("#{10,}"),
      p("STREAM version \\$Revision: [0-9.]+ \\$"),
      p("This system uses \\d+ bytes per (array element|DOUBLE PRECISION word)\\."),
      p("Array size = \\d+( \\(elements\\))?, Offset = \\d+( \\(elements\\))?"),
      p("Memory per array = [0-9.]+ MiB \\(= [0-9.]+ GiB\\)\\."),
      p("Total memory required = [0-9.]+ (MiB \\(= [0-9.]+ GiB\\)|MB|GiB)\\."),
      p("Each kernel will be executed \\d+ times\\."),
      p("Each test is run \\d+ times(, but only)?\\.?"),
      p("the \\*best\\* time for each is used\\."),
      p("The \\*best\\* time for each kernel \\(excluding the first iteration\\)"),
      p("will be used to compute the reported bandwidth\\."),
      p("Number of Threads (requested|counted) = \\d+"),
      p("Printing one line per active thread\\.\\.\\.."),
      p("Your clock granularity/precision appears to be \\d+ microseconds\\."),
      p("Your clock granularity appears to be less than one microsecond\\."),
      p("Each test below will take on the order of \\d+ microseconds\\."),
      p("\\(= \\d+ clock ticks\\)"),
      p("Increase the size of the arrays if this shows that"),
      p("you are not getting at least 20 clock ticks per test\\."),
      p("WARNING -- The above is only a rough guideline\\."),
      p("For best results, please be sure you know the"),
      p("precision of your system timer\\."),
      p("Solution Validates(: avg error less than \\S+ on all three arrays)?"),
      p("Expected Value: .*|For array [abc]\\[\\], \\d+ errors were found\\.|AvgRelAbsErr > .*"));

  private KnownLines() {}

  /** {@code ""} for a known line, {@code null} for an unknown one. */
  static String classify(String trimmed) {
    if (trimmed.length() > 400) {
      return null;
    }
    for (Pattern p : KNOWN) {
      if (p.matcher(trimmed).matches()) {
        return "";
      }
    }
    return null;
  }

  private static Pattern p(String regex) {
    return Pattern.compile(regex);
  }
}
