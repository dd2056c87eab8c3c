package io.benchtap.agent.lxc;

import io.benchtap.agent.net.Cmd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LXC application containers as the paper used them: a benchmark runs as the only payload of a
 * throw-away container ({@code lxc-execute}) sharing the host's root filesystem, with cgroup v1
 * limits only when asked for (the paper kept the defaults). Builds config files and command
 * lines; the caller starts the processes (and wraps them with {@code TestNetwork.inDut} when the
 * container is networked).
 *
 * <p>Failure contract: bad names or options are {@link IllegalArgumentException}s; {@link
 * #writeConfig} throws {@link IOException} when the file cannot be written; {@link #stats}, {@link
 * #stop}, {@link #cleanupCgroups} and {@link #available} never throw.
 */
public final class LxcContainer {
  private static final Logger LOG = LoggerFactory.getLogger(LxcContainer.class);
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern NET_LINE = Pattern.compile("lxc\\.net\\.\\d+\\.[a-z0-9_.]+\\s*=[^\\n\\r]*");
  private static final Pattern NET_NONE = Pattern.compile("lxc\\.net\\.\\d+\\.type\\s*=\\s*none\\s*");
  private static final Pattern CPUSET = Pattern.compile("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*");

  private LxcContainer() {}

  /**
   * What a container gets. {@code netConfig} holds {@code lxc.net.*} lines (e.g. from {@code
   * TestNetwork.lxcNetConfig}); empty means no network ({@code lxc.net.0.type = empty}). The limits
   * are optional (null = the cgroup default): {@code cpu.shares}, {@code memory.limit_in_bytes},
   * {@code cpuset.cpus} (e.g. "0-1,3").
   */
  public record Options(String name, List<String> netConfig, Integer cpuShares, Long memoryLimitBytes, String cpuset) {
    /** Validates and copies. */
    public Options {
      checkName(name);
      netConfig = netConfig == null ? List.of() : List.copyOf(netConfig);
      for (String l : netConfig) {
        if (!NET_LINE.matcher(l.trim()).matches()) {
          throw new IllegalArgumentException("not an lxc.net.* config line: '" + l + "'");
        }
      }
      if (cpuShares != null && cpuShares < 2) {
        throw new IllegalArgumentException("cpu.shares must be at least 2, got " + cpuShares);
      }
      if (memoryLimitBytes != null && memoryLimitBytes <= 0) {
        throw new IllegalArgumentException("memory limit must be positive, got " + memoryLimitBytes);
      }
      if (cpuset != null && !CPUSET.matcher(cpuset).matches()) {
        throw new IllegalArgumentException("cpuset '" + cpuset + "' is not a CPU list like 0-1,3");
      }
    }

    /** Options with a name and network config only, no limits. */
    public static Options of(String name, List<String> netConfig) {
      return new Options(name, netConfig, null, null, null);
    }
  }

  /** A running container's usage from its cgroup: CPU time (cpuacct.usage) and memory in use (-1 if unknown). */
  public record CgroupStats(long cpuUsageNanos, long memoryUsageBytes) {}

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("container name '" + name + "' must match [A-Za-z0-9_.-]{1,64}");
    }
    return name;
  }

  /**
   * The config lines for {@code o}. Besides the required app-container lines it mounts a fresh
   * /proc (and /sys when the container has its own network namespace): without it lxc-execute
   * unmounts the host's /proc in the new PID namespace and leaves /proc empty, which silently
   * breaks tools such as nuttcp.
   */
  public static List<String> configLines(Options o) {
    List<String> l = new ArrayList<>(List.of("# written by benchtap", "lxc.uts.name = " + o.name(),
        "lxc.console.path = none", "lxc.tty.max = 0", "lxc.pty.max = 0", "lxc.apparmor.profile = unconfined"));
    boolean sharesNet = o.netConfig().stream().anyMatch(s -> NET_NONE.matcher(s.trim()).matches());
    l.add(sharesNet ? "lxc.mount.auto = proc:mixed" : "lxc.mount.auto = proc:mixed sys:mixed");
    if (o.netConfig().isEmpty()) {
      l.add("lxc.net.0.type = empty");
    } else {
      o.netConfig().forEach(s -> l.add(s.trim()));
    }
    if (o.cpuShares() != null) {
      l.add("lxc.cgroup.cpu.shares = " + o.cpuShares());
    }
    if (o.memoryLimitBytes() != null) {
      l.add("lxc.cgroup.memory.limit_in_bytes = " + o.memoryLimitBytes());
    }
    if (o.cpuset() != null) {
      l.add("lxc.cgroup.cpuset.cpus = " + o.cpuset());
    }
    return List.copyOf(l);
  }

  /** Writes {@link #configLines} to {@code dir/NAME.conf} (creating {@code dir}) and returns the file. */
  public static Path writeConfig(Path dir, Options o) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(o.name() + ".conf");
    Files.write(f, configLines(o), StandardCharsets.UTF_8);
    return f;
  }

  /** {@code lxc-execute -n NAME -f CONF -- cmd...}: runs {@code cmd} as the container's payload. */
  public static List<String> executeCommand(String name, Path conf, List<String> cmd) {
    List<String> l = new ArrayList<>(List.of("lxc-execute", "-n", checkName(name), "-f", conf.toString(), "--"));
    l.addAll(cmd);
    return l;
  }

  /** {@code lxc-attach -n NAME -- cmd...}: runs {@code cmd} in an existing (e.g. system) container. */
  public static List<String> attachCommand(String name, List<String> cmd) {
    List<String> l = new ArrayList<>(List.of("lxc-attach", "-n", checkName(name), "--"));
    l.addAll(cmd);
    return l;
  }

  /** {@code lxc-stop -k -n NAME}. */
  public static List<String> stopCommand(String name) {
    return List.of("lxc-stop", "-k", "-n", checkName(name));
  }

  /**
   * Stops container {@code name}: {@code lxc-stop -k} (from this network namespace), then SIGKILL to
   * whatever is still in its payload cgroup, which also covers containers started inside a {@code
   * TestNetwork} (lxc's command socket is per network namespace, so lxc-stop from here does not see
   * them). Errors are ignored; never throws.
   */
  public static void stop(String name) {
    stop(name, UnaryOperator.identity());
  }

  /** {@link #stop(String)} with {@code lxc-stop} run through {@code inNamespace} (e.g. {@code net::inDut}). */
  public static void stop(String name, UnaryOperator<List<String>> inNamespace) {
    try {
      Cmd.run(inNamespace.apply(stopCommand(name)), Duration.ofSeconds(15));
    } catch (IOException | RuntimeException e) {
      LOG.debug("lxc-stop {}: {}", name, e.toString());
    }
    try {
      for (Path h : Cgroups.hierarchies()) {
        Optional<Path> dir = Cgroups.live(h, name);
        if (dir.isPresent()) {
          List<Long> pids = Cgroups.procs(dir.get());
          LOG.info("killing {} process(es) left in container {}", pids.size(), name);
          pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("stop {}: {}", name, e.toString());
    }
  }

  /**
   * CPU and memory usage of running container {@code name}, read from its cgroup v1 files; empty
   * when it is not running or no cpuacct hierarchy is mounted (e.g. a cgroup v2-only host).
   */
  public static Optional<CgroupStats> stats(String name) {
    checkName(name);
    return Cgroups.hierarchy("cpuacct").flatMap(cpu -> stats(name, cpu, Cgroups.hierarchy("memory").orElse(null)));
  }

  /** {@link #stats(String)} with given hierarchy roots ({@code memory} may be null). */
  static Optional<CgroupStats> stats(String name, Path cpuacct, Path memory) {
    try {
      Optional<Path> cpuDir = Cgroups.live(cpuacct, name);
      if (cpuDir.isEmpty()) {
        return Optional.empty();
      }
      OptionalLong cpu = Cgroups.readLong(cpuDir.get().resolve("cpuacct.usage"));
      if (cpu.isEmpty()) {
        return Optional.empty();
      }
      long mem = memory == null ? -1 : Cgroups.live(memory, name)
          .map(d -> Cgroups.readLong(d.resolve("memory.usage_in_bytes")).orElse(-1)).orElse(-1L);
      return Optional.of(new CgroupStats(cpu.getAsLong(), mem));
    } catch (RuntimeException e) {
      LOG.debug("stats {}: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Removes the empty cgroup directories ({@code lxc.payload.NAME*}, {@code lxc.monitor.NAME*},
   * {@code lxc/NAME*}) that a SIGKILLed lxc-execute leaves behind; directories with processes are
   * kept. Never throws.
   *
   * @return how many directories were removed
   */
  public static int cleanupCgroups(String name) {
    checkName(name);
    int removed = 0;
    for (Path h : Cgroups.hierarchies()) {
      List<Path> dirs = new ArrayList<>(Cgroups.candidates(h, name));
      dirs.addAll(Cgroups.candidates(h, name).stream().filter(p -> p.getFileName().toString().startsWith("lxc.payload."))
          .map(p -> p.resolveSibling("lxc.monitor." + p.getFileName().toString().substring("lxc.payload.".length())))
          .toList());
      for (Path d : dirs) {
        if (Files.isDirectory(d) && !Cgroups.populated(d)) {
          removed += rmdirTree(d);
        }
      }
    }
    return removed;
  }

  private static int rmdirTree(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      // cgroup directories go with rmdir only, children first; their control files go with them.
      List<Path> dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
      for (Path p : dirs) {
        Files.delete(p);
      }
      return 1;
    } catch (IOException | RuntimeException e) {
      LOG.debug("rmdir {}: {}", d, e.toString());
      return 0;
    }
  }

  /** True when {@code lxc-execute} is on PATH and this process is root. */
  public static boolean available() {
    return Cmd.onPath("lxc-execute") && Cmd.isRoot();
  }
}
