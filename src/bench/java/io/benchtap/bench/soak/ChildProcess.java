package io.benchtap.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A service the soak test starts, stops and starts again (Mosquitto, VictoriaMetrics, benchtap
 * serve): the same command each time, output appended to one log file, with a line of the soak's
 * own before each start and kill (so a reader of the log sees where one process ends and the next
 * begins). {@link #stop} sends SIGTERM (a clean shutdown: Mosquitto saves its sessions,
 * VictoriaMetrics flushes) and kills only if the process does not exit in time; {@link #kill}
 * sends SIGKILL.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path log;
  private final Path dir;
  private final BooleanSupplier ready;
  private Process process;
  private int starts;

  ChildProcess(String name, List<String> command, Path dir, Path log, BooleanSupplier ready) {
    this.name = name;
    this.command = List.copyOf(command);
    this.dir = dir;
    this.log = log;
    this.ready = ready;
  }

  String name() {
    return name;
  }

  /** Starts the process and waits until it is ready; fails if it exits or is not ready in time. */
  synchronized void start(Duration timeout) throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    starts++;
    note("start #" + starts);
    process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited during startup with status " + process.exitValue() + " (log: " + log + ")");
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IOException(name + " not ready after " + timeout.toSeconds() + " s (log: " + log + ")");
      }
      Thread.sleep(100);
    }
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** SIGKILL: nothing of the process runs after it (no shutdown hook, no flush). */
  synchronized void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    note("SIGKILL to pid " + process.pid());
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") still alive 30 s after SIGKILL");
    }
    process = null;
  }

  /** How many times the process was started; the number of the one running now. */
  synchronized int starts() {
    return starts;
  }

  private void note(String what) {
    try {
      Files.writeString(log, "---- soak " + Instant.now() + ": " + name + " " + what + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // only a marker for the reader of the log
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
