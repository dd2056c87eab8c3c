package io.benchtap.deploy;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' promtool (installed with the prometheus package by bin/setup). */
public final class Promtool {
  /** Exit code and combined output of one promtool run. */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  /** The promtool binary: on PATH, else /usr/bin/promtool; fails with a pointer to bin/setup. */
  public static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "promtool");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    if (new File("/usr/bin/promtool").canExecute()) {
      return "/usr/bin/promtool";
    }
    throw new AssertionError("promtool not found: run bin/setup (it installs the prometheus package, which has promtool)");
  }

  /** {@code promtool check metrics} on an exposition text (given on its standard input). */
  public static Result checkMetrics(String exposition) throws Exception {
    java.nio.file.Path in = java.nio.file.Files.createTempFile("benchtap-metrics", ".txt");
    try {
      java.nio.file.Files.writeString(in, exposition);
      Process p = new ProcessBuilder(binary(), "check", "metrics").redirectInput(in.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("promtool check metrics did not finish");
      }
      return new Result(p.exitValue(), new String(out));
    } finally {
      java.nio.file.Files.deleteIfExists(in);
    }
  }

  /** Runs promtool with the arguments in the repository root, at most two minutes. */
  public static Result run(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish: " + cmd);
    }
    return new Result(p.exitValue(), String.join(" ", cmd) + "\n" + new String(out));
  }
}
