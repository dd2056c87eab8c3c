package io.benchtap.parse.sysbench;

import static io.benchtap.parse.support.KnownLine.known;

import io.benchtap.parse.support.KnownLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Informational sysbench output that carries no measurement: banners, option echoes, section
 * headers, progress messages, prepare/cleanup chatter, latency histograms. Some of them also name
 * the benchmark when the command line is not known ({@code Prime numbers limit:} means cpu).
 * Matched against the line with surrounding white space removed.
 */
final class KnownLines {

  private static final List<KnownLine> KNOWN = List.of(
      // banners and general option echo (0.4, 0.5, 1.0, 1.1)
      known("sysbench \\d+\\.\\d+.*"),
      known("Running the test with following options:"),
      known("Number of threads: \\d+"),
      known("Report intermediate results every \\d+ second\\(s\\)"),
      known("Initializing random number generator from .*"),
      known("Random number generator seed is .*"),
      known("Initializing worker threads\\.\\.\\."),
      known("Threads started!"),
      known("Done\\."),
      known("Time limit exceeded, exiting\\.\\.\\."),
      known("(WARNING|ALERT|DEBUG|NOTICE|INFO):.*"),
      known("Target transaction rate: .*"),
      known("Additional request delay: .*"),
      known("Report checkpoint\\(s\\) at:? .*"),
      // section headers
      known("(CPU speed|General statistics|Latency \\((ms|us|s)\\)|Threads fairness|File operations"
          + "|Throughput|SQL statistics|queries performed|Test execution summary"
          + "|per-request statistics|response time|OLTP test statistics):"),
      known("percentile stats:\\s+disabled"),
      // latency histogram (--histogram)
      known("Latency histogram \\(values are in milliseconds\\)"),
      known("value\\s+-+ distribution -+\\s+count"),
      known("[0-9.]+ \\|\\**\\s+\\d+"),
      // cpu
      known("Prime numbers limit: \\d+", "cpu"),
      known("Maximum prime number checked in CPU test: \\d+", "cpu"),
      known("Doing CPU performance benchmark", "cpu"),
      // memory
      known("Running memory speed test with the following options:", "memory"),
      known("(block size|total size|operation|scope): \\S+"),
      known("Doing memory operations speed test", "memory"),
      known("Memory (block size|transfer size|operations type|scope type): .*", "memory"),
      // threads, mutex (0.4 headers)
      known("Doing thread subsystem performance test", "threads"),
      known("Thread yields per test: .*", "threads"),
      known("Locks used: .*", "threads"),
      known("Doing mutex performance test", "mutex"),
      // fileio
      known("Extra file open flags: .*", "fileio"),
      known("\\d+ files, \\S+ each(, \\S+ total)?", "fileio"),
      known("\\S+ total file size", "fileio"),
      known("Block size \\S+", "fileio"),
      known("Number of (IO requests|random requests for random IO): \\d+", "fileio"),
      known("Read/Write ratio for combined random IO test: .*", "fileio"),
      known("Periodic FSYNC enabled, .*", "fileio"),
      known("Calling fsync\\(\\) at the end of test, .*", "fileio"),
      known("Using .* I/O mode", "fileio"),
      known("Doing (sequential|random) .* test", "fileio"),
      known("Operations performed:\\s+\\d+ Read, \\d+ Write, \\d+ Other = \\d+ Total", "fileio"),
      known("Creating files for the test\\.\\.\\.", "fileio"),
      known("Creating file test_file\\.\\d+", "fileio"),
      known("Removing test files\\.\\.\\.", "fileio"),
      known("\\d+ bytes written in [0-9.]+ seconds \\(.*\\)\\.?", "fileio"),
      // oltp / lua database scripts
      known("(read|write|other|total):\\s+\\d+"),
      known("(ignored errors|reconnects|deadlocks|read/write requests|other operations):"
          + "\\s+\\d+\\s+\\(\\s*[^)]*per sec\\.\\)", "oltp"),
      known("(Creating|Dropping) table '[^']*'\\.\\.\\.", "oltp"),
      known("Inserting \\d+ records into '[^']*'", "oltp"),
      known("Creating (secondary indexes on|a secondary index on) '[^']*'\\.\\.\\.", "oltp"));

  /**
   * For each ASCII first character of a trimmed line, the known lines that can match it, in list
   * order: those whose regex starts with that literal character and those that can start with
   * anything. A line is tried against a handful of patterns instead of all of them (the sysbench
   * parser spent 6 % of benchtap's CPU time here while draining a backlog).
   */
  private static final List<List<KnownLine>> BY_FIRST;
  private static final List<KnownLine> ANY_FIRST;

  static {
    ANY_FIRST = KNOWN.stream().filter(k -> literalFirst(k.pattern().pattern()) < 0).toList();
    List<List<KnownLine>> byFirst = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      int ch = c;
      byFirst.add(KNOWN.stream().filter(k -> {
        int f = literalFirst(k.pattern().pattern());
        return f < 0 || f == ch;
      }).toList());
    }
    BY_FIRST = List.copyOf(byFirst);
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
    return KnownLine.classify(first < 128 ? BY_FIRST.get(first) : ANY_FIRST, trimmed);
  }

  /** The same as {@link #classify} by trying every known line in order (the test's reference). */
  static String classifyByScan(String trimmed) {
    return KnownLine.classify(KNOWN, trimmed);
  }
}
