package io.benchtap.agent.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config generation, command building and cgroup lookup of {@link LxcContainer} (no root, no lxc). */
class LxcContainerTest {
  @TempDir
  Path tmp;

  @Test
  void defaultConfigHasNoNetworkAndNoLimits() throws IOException {
    Path f = LxcContainer.writeConfig(tmp.resolve("conf"), LxcContainer.Options.of("bench-1", List.of()));
    assertThat(f).hasFileName("bench-1.conf");
    assertThat(Files.readAllLines(f)).containsExactly("# written by benchtap", "lxc.uts.name = bench-1",
        "lxc.console.path = none", "lxc.tty.max = 0", "lxc.pty.max = 0", "lxc.apparmor.profile = unconfined",
        "lxc.mount.auto = proc:mixed sys:mixed", "lxc.net.0.type = empty");
  }

  @Test
  void networkLinesAndLimits() {
    List<String> net = List.of("lxc.net.0.type = veth", "lxc.net.0.link = btabbr", "lxc.net.0.ipv4.address = 198.18.0.11/24");
    List<String> l = LxcContainer.configLines(new LxcContainer.Options("c_1.x", net, 512, 64L << 20, "0-1,3"));
    assertThat(l).containsSequence(net).doesNotContain("lxc.net.0.type = empty")
        .contains("lxc.cgroup.cpu.shares = 512", "lxc.cgroup.memory.limit_in_bytes = 67108864", "lxc.cgroup.cpuset.cpus = 0-1,3");
    assertThat(l.stream().filter(s -> s.startsWith("lxc.cgroup."))).hasSize(3);
  }

  @Test
  void sharedNetworkNamespaceGetsNoFreshSysfs() {
    assertThat(LxcContainer.configLines(LxcContainer.Options.of("h", List.of("lxc.net.0.type = none"))))
        .contains("lxc.mount.auto = proc:mixed", "lxc.net.0.type = none").doesNotContain("lxc.mount.auto = proc:mixed sys:mixed");
  }

  @Test
  void validatesOptions() {
    assertThatThrownBy(() -> LxcContainer.Options.of("a/b", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LxcContainer.Options.of("x".repeat(65), List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LxcContainer.Options.of("", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LxcContainer.Options.of("a", List.of("lxc.net.0.type = veth\nlxc.rootfs.path = /x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LxcContainer.Options.of("a", List.of("lxc.mount.entry = /a b none bind")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LxcContainer.Options("a", null, 1, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LxcContainer.Options("a", null, null, 0L, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LxcContainer.Options("a", null, null, null, "0;1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new LxcContainer.Options("a", null, null, null, null).netConfig()).isEmpty();
  }

  @Test
  void buildsCommands() {
    assertThat(LxcContainer.executeCommand("c1", Path.of("/w/c1.conf"), List.of("sysbench", "cpu", "run")))
        .containsExactly("lxc-execute", "-n", "c1", "-f", "/w/c1.conf", "--", "sysbench", "cpu", "run");
    assertThat(LxcContainer.attachCommand("sys1", List.of("iperf3", "-s")))
        .containsExactly("lxc-attach", "-n", "sys1", "--", "iperf3", "-s");
    assertThat(LxcContainer.stopCommand("c1")).containsExactly("lxc-stop", "-k", "-n", "c1");
    assertThatThrownBy(() -> LxcContainer.executeCommand("bad name", Path.of("x"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Path cgroup(Path dir, String file, String value, long... pids) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), value + "\n");
    StringBuilder sb = new StringBuilder();
    for (long p : pids) {
      sb.append(p).append('\n');
    }
    Files.writeString(dir.resolve("cgroup.procs"), sb.toString());
    return dir;
  }

  @Test
  void statsFromTheLxc4Layout() throws IOException {
    Path cpu = tmp.resolve("cpuacct");
    Path mem = tmp.resolve("memory");
    cgroup(cpu.resolve("lxc.payload.c1"), "cpuacct.usage", "123456789", 42);
    cgroup(mem.resolve("lxc.payload.c1"), "memory.usage_in_bytes", "2318336", 42);
    assertThat(LxcContainer.stats("c1", cpu, mem)).contains(new LxcContainer.CgroupStats(123456789L, 2318336L));
    assertThat(LxcContainer.stats("c2", cpu, mem)).isEmpty();
  }

  @Test
  void statsFromTheOldLayoutWithCoMountedCpuAndNestedProcesses() throws IOException {
    Path cpu = tmp.resolve("cpu,cpuacct");
    cgroup(cpu.resolve("lxc/web"), "cpuacct.usage", "77");
    cgroup(cpu.resolve("lxc/web/init.scope"), "cpuacct.usage", "70", 9);
    assertThat(LxcContainer.stats("web", cpu, null)).contains(new LxcContainer.CgroupStats(77, -1));
  }

  @Test
  void staleDirectoriesAreSkippedForTheSuffixedLiveOne() throws IOException {
    Path cpu = tmp.resolve("cpuacct");
    cgroup(cpu.resolve("lxc.payload.c1"), "cpuacct.usage", "999");
    cgroup(cpu.resolve("lxc.payload.c1-1"), "cpuacct.usage", "5", 100);
    cgroup(cpu.resolve("lxc.payload.c10"), "cpuacct.usage", "6", 101);
    assertThat(LxcContainer.stats("c1", cpu, null)).contains(new LxcContainer.CgroupStats(5, -1));
    Files.writeString(cpu.resolve("lxc.payload.c1-1/cgroup.procs"), "");
    assertThat(LxcContainer.stats("c1", cpu, null)).as("nothing running: no stale numbers").isEmpty();
  }

  @Test
  void suffixedDirectoriesNeedAStaleExactOne() throws IOException {
    Path cpu = tmp.resolve("cpuacct");
    cgroup(cpu.resolve("lxc.payload.r1-1"), "cpuacct.usage", "5", 100);
    assertThat(Cgroups.candidates(cpu, "r1")).noneMatch(p -> p.endsWith("lxc.payload.r1-1"));
    assertThat(LxcContainer.stats("r1", cpu, null)).isEmpty();
  }
}
