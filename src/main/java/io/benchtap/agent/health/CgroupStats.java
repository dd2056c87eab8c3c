package io.benchtap.agent.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ContainerStats} read from a container's cgroup files.
 *
 * <ul>
 *   <li>cgroup v2 (one directory): {@code cpu.stat} key {@code usage_usec} (microseconds, x 1000)
 *       and {@code memory.current} (bytes) - Documentation/admin-guide/cgroup-v2.rst.
 *   <li>cgroup v1 (a cpuacct and a memory directory): {@code cpuacct.usage} (nanoseconds,
 *       Documentation/admin-guide/cgroup-v1/cpuacct.rst) and {@code memory.usage_in_bytes}.
 * </ul>
 *
 * <p>{@link #lxc} finds the directories LXC creates for a container: {@code lxc.payload.NAME}
 * (LXC 4 and later) or {@code lxc/NAME} (older), under {@code /sys/fs/cgroup} (v2) or under the
 * v1 controller mounts. A file that is missing or unreadable gives an empty value.
 */
public final class CgroupStats implements ContainerStats {

  private final Path cpuFile;
  private final boolean micros;
  private final Path memoryFile;

  private CgroupStats(Path cpuFile, boolean micros, Path memoryFile) {
    this.cpuFile = cpuFile;
    this.micros = micros;
    this.memoryFile = memoryFile;
  }

  /** A cgroup v2 directory, e.g. {@code /sys/fs/cgroup/lxc.payload.ct1}. */
  public static CgroupStats v2(Path dir) {
    return new CgroupStats(dir.resolve("cpu.stat"), true, dir.resolve("memory.current"));
  }

  /** cgroup v1 directories of the cpuacct and memory controllers. */
  public static CgroupStats v1(Path cpuacctDir, Path memoryDir) {
    return new CgroupStats(cpuacctDir.resolve("cpuacct.usage"), false,
        memoryDir.resolve("memory.usage_in_bytes"));
  }

  /**
   * The cgroup of LXC container {@code name} below {@code root} (normally "/"), v2 first, or
   * empty when none of the known layouts exists.
   */
  public static Optional<CgroupStats> lxc(Path root, String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      return Optional.empty();
    }
    Path cg = root.resolve("sys/fs/cgroup");
    for (String sub : List.of("lxc.payload." + name, "lxc/" + name)) {
      if (Files.isRegularFile(cg.resolve(sub).resolve("cpu.stat"))) {
        return Optional.of(v2(cg.resolve(sub)));
      }
      for (String cpu : List.of("cpuacct", "cpu,cpuacct")) {
        if (Files.isRegularFile(cg.resolve(cpu).resolve(sub).resolve("cpuacct.usage"))) {
          return Optional.of(v1(cg.resolve(cpu).resolve(sub), cg.resolve("memory").resolve(sub)));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public OptionalLong cpuUsageNanos() {
    if (!micros) {
      return ProcFiles.firstLong(cpuFile);
    }
    for (String line : ProcFiles.lines(cpuFile)) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 2 && f[0].equals("usage_usec")) {
        OptionalLong usec = ProcFiles.parseLong(f[1]);
        if (usec.isPresent() && usec.getAsLong() <= Long.MAX_VALUE / 1000) {
          return OptionalLong.of(usec.getAsLong() * 1000);
        }
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public OptionalLong memoryUsageBytes() {
    return ProcFiles.firstLong(memoryFile);
  }
}
