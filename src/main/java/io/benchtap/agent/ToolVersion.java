package io.benchtap.agent;

import io.benchtap.parse.ParserRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks a benchmark tool for its version, best effort, for the {@code started} status. The flag is
 * the one the tool's parser declares ({@code ToolDeclaration.versionFlags()}); a tool that declares
 * none (HPL and STREAM run their benchmark whatever the arguments, a wrapper script would too) or
 * that no parser knows is never run for it.
 */
public final class ToolVersion {

  private ToolVersion() {}

  /** The version flags of {@code tool} as its parser declares them; empty for a tool no parser knows. */
  public static List<String> flags(ParserRegistry parsers, String tool) {
    return parsers.find(tool).map(p -> p.declaration().versionFlags()).orElse(List.of());
  }

  /**
   * The first non-empty line {@code executable} prints when run with {@code versionFlags}, within
   * two seconds; empty without running anything when there are no flags.
   */
  public static Optional<String> of(String executable, List<String> versionFlags) {
    if (versionFlags.isEmpty()) {
      return Optional.empty();
    }
    List<String> cmd = new java.util.ArrayList<>(List.of(executable));
    cmd.addAll(versionFlags);
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
