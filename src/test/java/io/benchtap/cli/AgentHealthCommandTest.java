package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code benchtap agent health} on the captured /proc and /sys trees of src/test/resources/procfs
 * (their sources: that folder's README.md).
 */
class AgentHealthCommandTest {
  private static final Path PROCFS = Path.of("src/test/resources/procfs");

  @RegisterExtension
  final CapturedOutput io = new CapturedOutput();

  private String out() {
    return io.out();
  }

  private String err() {
    return io.err();
  }

  @Test
  void onceOnARaspberryPiTreePrintsTheLinesOfItsFixture() throws Exception {
    // outputs/devhealth/devhealth_rpi4_public_tree.txt was made by the sampler on this tree.
    assertThat(Main.run("agent", "health", "--root", PROCFS.resolve("rpi4_public").toString(), "--once")).isZero();
    assertThat(out().lines()).containsExactlyElementsOf(
        Files.readAllLines(Path.of("src/test/resources/outputs/devhealth/devhealth_rpi4_public_tree.txt")));
    assertThat(err()).isEmpty();
  }

  @Test
  void countSamplesThatManyTimesAndLoopbackIsOnlyThereWhenAskedFor() {
    String root = PROCFS.resolve("x86_vm_2cpu").toString();
    assertThat(Main.run("agent", "health", "--root", root, "--count", "2", "--interval", "0.01")).isZero();
    assertThat(out().lines().filter(l -> l.startsWith("memory_total_bytes "))).hasSize(2);
    assertThat(out()).doesNotContain("interface=lo");
    io.reset();
    assertThat(Main.run("agent", "health", "--root", root, "--once", "--loopback")).isZero();
    assertThat(out()).contains("network_receive_bytes_total 209237497694 interface=lo");
  }

  @Test
  void aContainersCgroupGivesItsLinesInsteadOfTheHosts() {
    Path cg = PROCFS.resolve("x86_vm_2cpu/sys/fs/cgroup");
    // cpuacct.usage 2716075814084 ns, memory.usage_in_bytes 1135558656
    assertThat(Main.run("agent", "health", "--once", "--cgroup-v1", cg.resolve("cpuacct").toString(),
        cg.resolve("memory").toString())).isZero();
    assertThat(out().lines()).containsExactly("container_cpu_seconds_total 2716.075814084",
        "container_memory_usage_bytes 1135558656");
  }

  @Test
  void badValuesAreOneLineAndExitCodeTwo() {
    assertThat(Main.run("agent", "health", "--interval", "0")).isEqualTo(2);
    assertThat(err().lines()).containsExactly("benchtap agent health: --interval: expected seconds > 0, got 0.0");
    io.reset();
    assertThat(Main.run("agent", "health", "--count", "-1")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    io.reset();
    assertThat(Main.run("agent", "health", "--cgroup", "/a", "--cgroup-v1", "/b", "/c")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).contains("mutually exclusive");
    io.reset();
    assertThat(Main.run("agent", "health", "--cgroup-v1", "/b")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    io.reset();
    assertThat(Main.run("agent", "health", "--cgroup-v1", "/b", "/c", "--cgroup-v1", "/d", "/e")).isEqualTo(2);
    assertThat(err().lines()).containsExactly("benchtap agent health: --cgroup-v1: expected CPUACCT_DIR MEMORY_DIR once, got [/b, /c, /d, /e]");
    assertThat(out()).isEmpty();
  }

  @Test
  void helpSaysWhatItPrintsAndHowToPipeIt() {
    assertThat(Main.run("agent", "health", "--help")).isZero();
    assertThat(out()).contains("Usage: benchtap agent health", "--interval=SECONDS", "--cgroup-v1", "mosquitto_pub");
    io.reset();
    assertThat(Main.run("agent", "--help")).isZero();
    assertThat(out()).contains("health");
  }
}
