package io.benchtap.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Busy processes that load the CPU while a test runs (a shared CI machine with another build on
 * it): {@code sh -c 'while :; do :; done'}, killed on close. Separate processes, so they compete
 * with the broker and the benchtap JVM under test as well as with the test's own JVM.
 */
final class CpuHog implements AutoCloseable {
  private final List<Process> processes;

  private CpuHog(List<Process> processes) {
    this.processes = processes;
  }

  static CpuHog start(int n) throws IOException {
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ps.add(new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    return new CpuHog(ps);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
