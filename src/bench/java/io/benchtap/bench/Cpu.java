package io.benchtap.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this JVM and of child processes (Linux {@code /proc/PID/stat}). */
final class Cpu {
  private static final double TICKS = 100.0; // USER_HZ on Linux

  private Cpu() {}

  /** CPU seconds this JVM used so far (all threads), or NaN. */
  static double jvmSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }

  /** utime + stime of a process, seconds, or NaN when /proc does not say. */
  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Microseconds per message. */
  static double perMessage(double seconds, long messages) {
    return messages <= 0 || !Double.isFinite(seconds) ? Double.NaN : seconds * 1e6 / messages;
  }
}
