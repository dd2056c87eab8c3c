package io.benchtap.parse.sysbench;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark name from a sysbench command line: {@code sysbench cpu --threads=2 run} gives
 * {@code cpu}, the 0.4/0.5 style {@code sysbench --test=cpu run} gives {@code cpu}, a Lua script
 * ({@code oltp_read_write}, {@code /usr/share/sysbench/oltp_read_write.lua},
 * {@code --test=tests/db/oltp.lua}) gives the script's base name without {@code .lua}.
 */
final class CommandLines {

  private static final Set<String> COMMANDS =
      Set.of("prepare", "run", "cleanup", "help", "warmup", "prewarm");

  private CommandLines() {}

  static Optional<String> benchmark(String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      return Optional.empty();
    }
    String[] tokens = commandLine.trim().split("\\s+");
    int start = -1;
    for (int i = 0; i < tokens.length && start < 0; i++) {
      if (baseName(unquote(tokens[i])).equals("sysbench")) {
        start = i + 1;
      }
    }
    if (start < 0) {
      return Optional.empty();
    }
    String positional = null;
    for (int i = start; i < tokens.length; i++) {
      String t = unquote(tokens[i]);
      if (t.startsWith("--test=")) {
        return clean(t.substring("--test=".length()));
      }
      if (positional == null && !t.startsWith("-") && !COMMANDS.contains(t) && !t.isEmpty()) {
        positional = t;
      }
    }
    return positional == null ? Optional.empty() : clean(positional);
  }

  private static Optional<String> clean(String test) {
    String name = baseName(unquote(test));
    if (name.endsWith(".lua")) {
      name = name.substring(0, name.length() - 4);
    }
    name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.isEmpty() || name.chars().allMatch(c -> c == '_') ? Optional.empty()
        : Optional.of(name);
  }

  private static String baseName(String token) {
    int slash = token.lastIndexOf('/');
    return slash < 0 ? token : token.substring(slash + 1);
  }

  private static String unquote(String token) {
    return token.replace("\"", "").replace("'", "");
  }
}
