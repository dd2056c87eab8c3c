package io.benchtap.agent.net;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small process helpers shared by the network and LXC building blocks: run a command with a time
 * bound and capture its output, check for root, look up executables on PATH.
 *
 * <p>Output (stdout and stderr merged) goes through a temporary file rather than a pipe, so a
 * command that leaves a daemon behind holding the pipe open (e.g. {@code nuttcp -S}) cannot block
 * the caller. A command still running at its deadline is killed and reported as an
 * {@link IOException}.
 */
public final class Cmd {
  private Cmd() {}

  /** Exit code and merged output of a finished command. */
  public record Result(int exit, String output) {
    /** True when the exit code is 0. */
    public boolean ok() {
      return exit == 0;
    }
  }

  /** Runs commands; the production runner is {@link Cmd#run}, tests substitute their own. */
  @FunctionalInterface
  public interface Runner {
    /** Runs {@code cmd}, waiting at most {@code timeout}; throws if it cannot start or overruns. */
    Result run(List<String> cmd, Duration timeout) throws IOException;
  }

  /**
   * Runs {@code cmd} to completion. Returns whatever exit code it had; throws {@link IOException}
   * only if it cannot be started, does not finish within {@code timeout} (it is then killed), or the
   * caller is interrupted (the interrupt flag is kept).
   */
  public static Result run(List<String> cmd, Duration timeout) throws IOException {
    Path out = Files.createTempFile("benchtap-cmd", ".out");
    try {
      File f = out.toFile();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(f)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          p.waitFor(2, TimeUnit.SECONDS);
          throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd));
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + String.join(" ", cmd), e);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Like {@link #run} but a non-zero exit is an {@link IOException} naming the command and its output. */
  public static Result check(Runner runner, List<String> cmd, Duration timeout) throws IOException {
    Result r = runner.run(cmd, timeout);
    if (!r.ok()) {
      throw new IOException("`" + String.join(" ", cmd) + "` failed (exit " + r.exit() + ")"
          + (r.output().isEmpty() ? "" : ": " + r.output().replace('\n', ' ')));
    }
    return r;
  }

  /** True when this process runs with effective uid 0 (read from /proc/self/status). */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return f.length > 1 && f[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: not Linux or no procfs
    }
    return false;
  }

  /** True when an executable file named {@code exe} is in a directory on PATH. */
  public static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }
}
