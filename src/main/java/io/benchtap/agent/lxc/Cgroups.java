package io.benchtap.agent.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds an LXC container's cgroup v1 directories. Layouts probed, under each controller's
 * hierarchy root (found in /proc/self/mounts, else /sys/fs/cgroup/CONTROLLER):
 * {@code lxc.payload.NAME} (LXC 4 and later), {@code lxc.payload/NAME} (early LXC 4) and {@code
 * lxc/NAME} (LXC 1 to 3; with cpu and cpuacct often co-mounted as {@code cpu,cpuacct}). When a
 * stale directory of a killed run still exists, LXC uses {@code NAME-1}, {@code NAME-2}, ...; those
 * are considered only when the exact directory is present but empty. Only directories with
 * processes in them (or below them) count, so a stale directory is never mistaken for a live one.
 */
final class Cgroups {
  static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

  private Cgroups() {}

  /** The mount point of the cgroup v1 hierarchy holding {@code controller}, if any. */
  static Optional<Path> hierarchy(String controller) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String[] f = line.split(" ");
        if (f.length >= 4 && f[2].equals("cgroup") && Arrays.asList(f[3].split(",")).contains(controller)) {
          return Optional.of(Path.of(f[1].replace("\\040", " ")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no procfs: fall back to the conventional place
    }
    Path p = DEFAULT_ROOT.resolve(controller);
    return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Every cgroup hierarchy mount point, v1 and v2 (from /proc/self/mounts): LXC makes its
   * directories in all of them, including the v2 one of a hybrid layout (/sys/fs/cgroup/unified).
   */
  static List<Path> hierarchies() {
    List<Path> l = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String[] f = line.split(" ");
        if (f.length >= 4 && (f[2].equals("cgroup") || f[2].equals("cgroup2"))) {
          l.add(Path.of(f[1].replace("\\040", " ")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // none found
    }
    return l;
  }

  /** Candidate directories of container {@code name} under {@code hierarchy}, exact names first. */
  static List<Path> candidates(Path hierarchy, String name) {
    List<Path> exact = List.of(hierarchy.resolve("lxc.payload." + name), hierarchy.resolve("lxc.payload").resolve(name),
        hierarchy.resolve("lxc").resolve(name));
    List<Path> l = new ArrayList<>(exact);
    Pattern suffixed = Pattern.compile(Pattern.quote(name) + "-\\d+");
    for (Path e : exact) {
      Path parent = e.getParent();
      String prefix = e.getFileName().toString().substring(0, e.getFileName().toString().length() - name.length());
      if (!Files.isDirectory(e) || !Files.isDirectory(parent)) {
        continue;
      }
      try (Stream<Path> s = Files.list(parent)) {
        s.filter(p -> p.getFileName().toString().startsWith(prefix)
                && suffixed.matcher(p.getFileName().toString().substring(prefix.length())).matches())
            .sorted(Comparator.comparing(Path::toString)).forEach(l::add);
      } catch (IOException e2) {
        // unreadable: skip
      }
    }
    return l;
  }

  /** The live directory of {@code name} under {@code hierarchy}: the first candidate with processes. */
  static Optional<Path> live(Path hierarchy, String name) {
    return candidates(hierarchy, name).stream().filter(Cgroups::populated).findFirst();
  }

  /** True when {@code dir} or a cgroup below it has a process in cgroup.procs (or tasks). */
  static boolean populated(Path dir) {
    return !procs(dir).isEmpty();
  }

  /** Pids in {@code dir} and every cgroup below it. */
  static List<Long> procs(Path dir) {
    List<Long> pids = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return pids;
    }
    try (Stream<Path> s = Files.walk(dir, 8)) {
      s.filter(p -> p.getFileName().toString().equals("cgroup.procs") || p.getFileName().toString().equals("tasks"))
          .forEach(p -> {
            try {
              for (String line : Files.readAllLines(p)) {
                if (line.trim().matches("\\d+")) {
                  pids.add(Long.parseLong(line.trim()));
                }
              }
            } catch (IOException e) {
              // gone meanwhile
            }
          });
    } catch (IOException | RuntimeException e) {
      // gone meanwhile
    }
    return pids.stream().distinct().toList();
  }

  /** A file holding one number (cpuacct.usage, memory.usage_in_bytes, ...). */
  static OptionalLong readLong(Path file) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
