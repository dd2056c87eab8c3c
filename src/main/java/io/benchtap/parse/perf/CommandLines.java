package io.benchtap.parse.perf;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark name for a perf stat run: the workload's base name ({@code perf stat -- sysbench
 * cpu run} gives {@code sysbench}), {@code system_wide} for {@code -a} without a workload.
 * From the command line (options that take a value are skipped) or from the {@code Performance
 * counter stats for 'sleep 1':} header. Lower case, {@code [a-z0-9_]}, at most 32 characters.
 */
final class CommandLines {

  private static final Set<String> WITH_VALUE = Set.of("-e", "--event", "-I", "--interval-print",
      "-r", "--repeat", "-x", "--field-separator", "-o", "--output", "-p", "--pid", "-t", "--tid",
      "-C", "--cpu", "-G", "--cgroup", "-M", "--metrics", "-D", "--delay", "-u", "--uid",
      "--log-fd", "--pre", "--post", "--interval-count", "--timeout", "-T", "--topdown-level",
      "--control", "--for-each-cgroup", "--td-level", "-j", "--json-output", "--iostat");

  private CommandLines() {}

  static Optional<String> benchmark(String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      return Optional.empty();
    }
    String[] tokens = commandLine.trim().split("\\s+");
    int i = 0;
    while (i < tokens.length && !baseName(tokens[i]).equals("perf")) {
      i++;
    }
    while (i < tokens.length && !tokens[i].equals("stat")) {
      i++;
    }
    if (i >= tokens.length) {
      return Optional.empty();
    }
    boolean systemWide = false;
    for (i++; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("--")) {
        return i + 1 < tokens.length ? clean(tokens[i + 1]) : Optional.empty();
      }
      if (t.equals("-a") || t.equals("--all-cpus")) {
        systemWide = true;
      } else if (WITH_VALUE.contains(t)) {
        i++;
      } else if (!t.startsWith("-")) {
        return clean(t);
      }
    }
    return systemWide ? Optional.of("system_wide") : Optional.empty();
  }

  /** The name from the stats header text after {@code for }, e.g. {@code 'sleep 1'}. */
  static Optional<String> fromHeader(String target) {
    String t = target.strip();
    boolean quoted = t.startsWith("'");
    t = t.replace("'", "").strip();
    if (t.startsWith("system wide")) {
      return Optional.of("system_wide");
    }
    String[] words = t.split("\\s+");
    if (words.length == 0) {
      return Optional.empty();
    }
    return clean(quoted ? words[0] : words[0].replace("(s)", "s"));
  }

  private static Optional<String> clean(String token) {
    String name = baseName(token.replace("\"", "").replace("'", ""))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (name.length() > 32) {
      name = name.substring(0, 32);
    }
    return name.isEmpty() || name.chars().allMatch(c -> c == '_') ? Optional.empty()
        : Optional.of(name);
  }

  private static String baseName(String token) {
    int slash = token.lastIndexOf('/');
    return slash < 0 ? token : token.substring(slash + 1);
  }
}
