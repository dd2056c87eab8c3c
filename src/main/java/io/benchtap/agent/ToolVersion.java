package io.benchtap.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks a benchmark tool for its version, best effort, for the {@code started} status. */
public final class ToolVersion {
  private static final Map<String, List<String>> FLAGS = Map.of(
      "iperf", List.of("-v"), "nuttcp", List.of("-V"), "perf", List.of("--version"), "netperf", List.of("-V"));

  private ToolVersion() {}

  /** The first non-empty line the tool prints for its version flag, within two seconds. */
  public static Optional<String> of(String executable) {
    String name = executable.substring(executable.lastIndexOf('/') + 1);
    List<String> cmd = new java.util.ArrayList<>(List.of(executable));
    cmd.addAll(FLAGS.getOrDefault(name, List.of("--version")));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String first = null;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null && first == null) {
          if (!line.isBlank()) {
            first = line.trim();
          }
        }
      }
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      if (first == null) {
        return Optional.empty();
      }
      return Optional.of(first.length() > 100 ? first.substring(0, 100) : first);
    } catch (java.io.IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
