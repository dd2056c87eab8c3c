package io.benchtap.agent.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.benchtap.agent.net.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real LXC application containers without network (root; lxc and sysbench installed by bin/setup). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LxcContainerIT {
  private static final String RUN = "btit-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void needRoot() {
    assumeTrue(Cmd.isRoot(), "LXC containers need root (bin/test runs as root)");
    assertThat(LxcContainer.available()).as("lxc-execute on PATH (bin/setup installs lxc)").isTrue();
    assertThat(Cmd.onPath("sysbench")).as("sysbench on PATH").isTrue();
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (String n : names) {
      LxcContainer.stop(n);
      LxcContainer.cleanupCgroups(n);
    }
  }

  private String name(String what) {
    String n = RUN + "-" + what;
    names.add(n);
    return n;
  }

  private Process start(String name, LxcContainer.Options o, List<String> cmd) throws Exception {
    Path conf = LxcContainer.writeConfig(dir, o);
    Process p = new ProcessBuilder(LxcContainer.executeCommand(name, conf, cmd)).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    processes.add(p);
    return p;
  }

  @Test
  void sysbenchRunsInAContainer() throws Exception {
    String n = name("sysbench");
    Path conf = LxcContainer.writeConfig(dir, LxcContainer.Options.of(n, List.of()));
    Cmd.Result r = Cmd.run(LxcContainer.executeCommand(n, conf, List.of("sysbench", "cpu", "--time=1", "run")),
        Duration.ofSeconds(30));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("events per second").doesNotContain("Failed to mount temporary procfs");
    assertNoCgroups(n);
  }

  @Test
  void limitsAreApplied() throws Exception {
    String n = name("limits");
    Process p = start(n, new LxcContainer.Options(n, List.of(), 512, 64L << 20, "0"), List.of("sleep", "3"));
    Path mem = await(n, "memory");
    assertThat(Files.readString(mem.resolve("memory.limit_in_bytes")).trim()).isEqualTo(String.valueOf(64L << 20));
    assertThat(Files.readString(await(n, "cpu").resolve("cpu.shares")).trim()).isEqualTo("512");
    assertThat(Files.readString(await(n, "cpuset").resolve("cpuset.cpus")).trim()).isEqualTo("0");
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(n + ".log"))).isZero();
    assertNoCgroups(n);
  }

  @Test
  void defaultsSetNoLimits() throws Exception {
    String n = name("defaults");
    start(n, LxcContainer.Options.of(n, List.of()), List.of("sleep", "3"));
    Path mem = await(n, "memory");
    Path parent = Cgroups.hierarchy("memory").orElseThrow();
    assertThat(Files.readString(mem.resolve("memory.limit_in_bytes")))
        .isEqualTo(Files.readString(parent.resolve("memory.limit_in_bytes")));
  }

  @Test
  void statsWhileSysbenchRuns() throws Exception {
    String n = name("stats");
    Process p = start(n, LxcContainer.Options.of(n, List.of()), List.of("sysbench", "cpu", "--time=3", "run"));
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    Optional<LxcContainer.CgroupStats> s = Optional.empty();
    while (System.nanoTime() < deadline && (s.isEmpty() || s.get().cpuUsageNanos() < 100_000_000L)) {
      Thread.sleep(100);
      s = LxcContainer.stats(n);
    }
    assertThat(s).as("stats while sysbench runs").isPresent();
    assertThat(s.get().cpuUsageNanos()).isGreaterThan(100_000_000L);
    assertThat(s.get().memoryUsageBytes()).isPositive();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve(n + ".log"))).contains("events per second");
    assertThat(LxcContainer.stats(n)).as("not running any more").isEmpty();
  }

  @Test
  void stopEndsARunningContainer() throws Exception {
    String n = name("stop");
    Process p = start(n, LxcContainer.Options.of(n, List.of()), List.of("sleep", "60"));
    await(n, "cpuacct");
    LxcContainer.stop(n);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertNoCgroups(n);
  }

  @Test
  void cgroupsLeftByAKilledLxcExecuteAreRemoved() throws Exception {
    String n = name("killed");
    Process p = start(n, LxcContainer.Options.of(n, List.of()), List.of("sleep", "60"));
    Path cpu = await(n, "cpuacct");
    p.destroyForcibly();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // The payload dies with its monitor (parent-death signal).
    Awaitility.await("payload gone").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).pollInSameThread()
        .until(() -> !Cgroups.populated(cpu));
    assertThat(cpu).as("SIGKILL leaves the cgroup directory").isDirectory();
    assertThat(LxcContainer.cleanupCgroups(n)).isPositive();
    assertNoCgroups(n);
  }

  /** The live cgroup directory of {@code name} in {@code controller}'s hierarchy, waited for. */
  private static Path await(String name, String controller) throws Exception {
    Path h = Cgroups.hierarchy(controller).orElseThrow();
    return Awaitility.await("container " + name + " running in " + h).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50)).pollInSameThread().until(() -> Cgroups.live(h, name), Optional::isPresent).orElseThrow();
  }

  private static void assertNoCgroups(String name) throws Exception {
    Awaitility.await("no cgroup directory left for " + name).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .pollInSameThread().untilAsserted(() -> {
          try (Stream<Path> s = Cgroups.hierarchies().stream().flatMap(h -> Stream.of(h.resolve("lxc.payload." + name),
              h.resolve("lxc.monitor." + name)))) {
            assertThat(s.filter(Files::exists).toList()).as("cgroup directories left").isEmpty();
          }
        });
  }
}
