package io.benchtap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from Linux {@code /proc/self/status}: {@code VmRSS} (now) and
 * {@code VmHWM} (the highest since the process started). -1 where /proc does not say.
 */
final class ProcessMemory {
  private ProcessMemory() {}

  /** Resident set size now, bytes. */
  static long rss() {
    return field("VmRSS:");
  }

  /** The highest resident set size so far, bytes. */
  static long peakRss() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          String[] f = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(f[0]) * (f.length > 1 && f[1].equals("kB") ? 1024 : 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a format we do not know
    }
    return -1;
  }
}
