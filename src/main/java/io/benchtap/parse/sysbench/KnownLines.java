package io.benchtap.parse.sysbench;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Informational sysbench output that carries no measurement: banners, option echoes, section
 * headers, progress messages, prepare/cleanup chatter, latency histograms. Some of them also name
 * the benchmark when the command line is not known ({@code Prime numbers limit:} means cpu).
 * Matched against the line with surrounding white space removed.
 */
final class KnownLines {

  /** A known line and, when it names one, the benchmark it implies (empty when it does not). */
  private record Known(Pattern pattern, String benchmark) {}

  private static final List<Known> KNOWN = List.of(
      // banners and general option echo (0.4, 0.5, 1.0, 1.1)
      k("sysbench \\d+\\.\\d+.*"),
      k("Running the test with following options:"),
      k("Number of threads: \\d+"),
      k("Report intermediate results every \\d+ second\\(s\\)"),
      k("Initializing random number generator from .*"),
      k("Random number generator seed is .*"),
      k("Initializing worker threads\\.\\.\\."),
      k("Threads started!"),
      k("Done\\."),
      k("Time limit exceeded, exiting\\.\\.\\."),
      k("(WARNING|ALERT|DEBUG|NOTICE|INFO):.*"),
      k("Target transaction rate: .*"),
      k("Additional request delay: .*"),
      k("Report checkpoint\\(s\\) at:? .*"),
      // section headers
      k("(CPU speed|General statistics|Latency \\((ms|us|s)\\)|Threads fairness|File operations"
          + "|Throughput|SQL statistics|queries performed|Test execution summary"
          + "|per-request statistics|response time|OLTP test statistics):"),
      k("percentile stats:\\s+disabled"),
      // latency histogram (--histogram)
      k("Latency histogram \\(values are in milliseconds\\)"),
      k("value\\s+-+ distribution -+\\s+count"),
      k("[0-9.]+ \\|\\**\\s+\\d+"),
      // cpu
      k("Prime numbers limit: \\d+", "cpu"),
      k("Maximum prime number checked in CPU test: \\d+", "cpu"),
      k("Doing CPU performance benchmark", "cpu"),
      // memory
      k("Running memory speed test with the following options:", "memory"),
      k("(block size|total size|operation|scope): \\S+"),
      k("Doing memory operations speed test", "memory"),
      k("Memory (block size|transfer size|operations type|scope type): .*", "memory"),
      // threads, mutex (0.4 headers)
      k("Doing thread subsystem performance test", "threads"),
      k("Thread yields per test: .*", "threads"),
      k("Locks used: .*", "threads"),
      k("Doing mutex performance test", "mutex"),
      // fileio
      k("Extra file open flags: .*", "fileio"),
      k("\\d+ files, \\S+ each(, \\S+ total)?", "fileio"),
      k("\\S+ total file size", "fileio"),
      k("Block size \\S+", "fileio"),
      k("Number of (IO requests|random requests for random IO): \\d+", "fileio"),
      k("Read/Write ratio for combined random IO test: .*", "fileio"),
      k("Periodic FSYNC enabled, .*", "fileio"),
      k("Calling fsync\\(\\) at the end of test, .*", "fileio"),
      k("Using .* I/O mode", "fileio"),
      k("Doing (sequential|random) .* test", "fileio"),
      k("Operations performed:\\s+\\d+ Read, \\d+ Write, \\d+ Other = \\d+ Total", "fileio"),
      k("Creating files for the test\\.\\.\\.", "fileio"),
      k("Creating file test_file\\.\\d+", "fileio"),
      k("Removing test files\\.\\.\\.", "fileio"),
      k("\\d+ bytes written in [0-9.]+ seconds \\(.*\\)\\.?", "fileio"),
      // oltp / lua database scripts
      k("(read|write|other|total):\\s+\\d+"),
      k("(ignored errors|reconnects|deadlocks|read/write requests|other operations):"
          + "\\s+\\d+\\s+\\(\\s*[^)]*per sec\\.\\)", "oltp"),
      k("(Creating|Dropping) table '[^']*'\\.\\.\\.", "oltp"),
      k("Inserting \\d+ records into '[^']*'", "oltp"),
      k("Creating (secondary indexes on|a secondary index on) '[^']*'\\.\\.\\.", "oltp"));

  /**
   * For each ASCII first character of a trimmed line, the known lines that can match it, in list
   * order: those whose regex starts with that literal character and those that can start with
   * anything. A line is tried against a handful of patterns instead of all of them (the sysbench
   * parser spent 6 % of benchtap's CPU time here while draining a backlog).
   */
  private static final Known[][] BY_FIRST = new Known[128][];
  private static final Known[] ANY_FIRST;

  static {
    List<Known> any = KNOWN.stream().filter(k -> literalFirst(k.pattern().pattern()) < 0).toList();
    ANY_FIRST = any.toArray(Known[]::new);
    for (int c = 0; c < BY_FIRST.length; c++) {
      int ch = c;
      BY_FIRST[c] = KNOWN.stream().filter(k -> {
        int f = literalFirst(k.pattern().pattern());
        return f < 0 || f == ch;
      }).toArray(Known[]::new);
    }
  }

  /** The regex's first character if it is a plain literal (a letter or digit), else -1. */
  static int literalFirst(String regex) {
    char c = regex.isEmpty() ? '(' : regex.charAt(0);
    boolean quantified = regex.length() > 1 && "*+?{".indexOf(regex.charAt(1)) >= 0;
    return Character.isLetterOrDigit(c) && c < 128 && !quantified ? c : -1;
  }

  private KnownLines() {}

  /**
   * Whether the trimmed line is known informational output.
   *
   * @return {@code null} for an unknown line, {@code ""} for a known line that names no
   *     benchmark, otherwise the benchmark it implies
   */
  static String classify(String trimmed) {
    char first = trimmed.isEmpty() ? 0 : trimmed.charAt(0);
    for (Known known : first < 128 ? BY_FIRST[first] : ANY_FIRST) {
      if (known.pattern().matcher(trimmed).matches()) {
        return known.benchmark();
      }
    }
    return null;
  }

  /** The same as {@link #classify} by trying every known line in order (the test's reference). */
  static String classifyByScan(String trimmed) {
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
