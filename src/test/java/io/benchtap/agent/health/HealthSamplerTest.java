package io.benchtap.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.devhealth.DevHealthParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler against copies of real /proc and /sys files: {@code procfs/x86_vm_2cpu} captured
 * once on the build machine (it has no thermal zone, cpufreq or Raspberry Pi firmware files) and
 * {@code procfs/rpi4_public}, Raspberry Pi sysfs values published in public issue threads (see
 * {@code src/test/resources/procfs/README.md}). Expected lines were worked out by hand from those
 * files. Malformed-file tests write their (synthetic) junk into a temporary tree.
 */
class HealthSamplerTest {

  @TempDir
  Path tmp;

  static Path resource(String name) {
    try {
      return Path.of(HealthSamplerTest.class.getResource("/procfs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A writable copy of a captured tree. */
  private Path copy(String name) {
    Path from = resource(name);
    Path to = tmp.resolve(name);
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static final List<String> X86_REST = List.of(
      "load_average 3.13 window=1m", "load_average 2.72 window=5m", "load_average 2.68 window=15m",
      // MemAvailable: 24089020 kB and MemTotal: 24683620 kB, x 1024
      "memory_available_bytes 24667156480", "memory_total_bytes 25276026880",
      "network_receive_bytes_total 0 interface=ifb0", "network_transmit_bytes_total 0 interface=ifb0",
      "network_receive_bytes_total 0 interface=ifb1", "network_transmit_bytes_total 0 interface=ifb1",
      "network_receive_bytes_total 99385363 interface=eth0",
      "network_transmit_bytes_total 404157 interface=eth0");

  @Test
  void capturedX86MachineGivesLoadMemoryAndNetworkThenCpuOnTheSecondCall() throws IOException {
    Path root = copy("x86_vm_2cpu");
    HealthSampler sampler = new HealthSampler(root, Map.of());
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(X86_REST);

    Files.move(root.resolve("proc/stat.next"), root.resolve("proc/stat"),
        StandardCopyOption.REPLACE_EXISTING);
    // cpu 204048 0 59778 207344 1714 0 5946 0 0 0 -> cpu 204380 0 59846 207407 1714 0 5947 0 0 0:
    // total +464 jiffies, idle+iowait +63, busy 401 / 464 = 0.86422413...
    List<String> expected = new ArrayList<>(List.of("cpu_utilization_ratio 0.864224"));
    expected.addAll(X86_REST);
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(expected);
    // unchanged counters: no time passed, so no ratio
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(X86_REST);
  }

  @Test
  void loopbackOnlyWhenAskedFor() {
    List<String> lines = new HealthSampler(resource("x86_vm_2cpu"), Map.of(), true).sampleHost();
    assertThat(lines).contains("network_receive_bytes_total 209237497694 interface=lo",
        "network_transmit_bytes_total 209237497694 interface=lo");
    assertThat(new HealthSampler(resource("x86_vm_2cpu"), Map.of()).sampleHost())
        .noneMatch(l -> l.endsWith("interface=lo"));
  }

  @Test
  void raspberryPiSysfsGivesTemperatureFrequencyAndThrottling() {
    HealthSampler sampler = new HealthSampler(resource("rpi4_public"), Map.of());
    // temp 74010 m°C, scaling_cur_freq 2000000 kHz, get_throttled "80008" (hex) = 524296;
    // the tree has no /proc: those lines are simply absent
    List<String> expected = List.of("temperature_celsius 74.01 zone=thermal_zone0",
        "cpu_frequency_hertz 2000000000 cpu=cpu0", "throttled_flags 524296");
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(expected);
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(expected);
  }

  @Test
  void everySampledLineIsAcceptedByTheParser() throws IOException {
    Path root = copy("x86_vm_2cpu");
    HealthSampler sampler = new HealthSampler(root, Map.of(1, CgroupStats.v1(
        root.resolve("sys/fs/cgroup/cpuacct"), root.resolve("sys/fs/cgroup/memory"))), true);
    List<String> lines = new ArrayList<>(sampler.sampleHost());
    Files.move(root.resolve("proc/stat.next"), root.resolve("proc/stat"),
        StandardCopyOption.REPLACE_EXISTING);
    lines.addAll(sampler.sampleHost());
    lines.addAll(sampler.sampleContainer(1));
    lines.addAll(new HealthSampler(resource("rpi4_public"), Map.of()).sampleHost());
    var sink = ParserContractTest.feed(new DevHealthParser(), StreamContext.EMPTY, lines);
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).hasSize(lines.size());
    ParserContractTest.assertWellFormed(sink.samples);
  }

  @Test
  void missingRootGivesNothingAndNeverThrows() {
    HealthSampler sampler = new HealthSampler(tmp.resolve("nowhere"), Map.of());
    assertThat(sampler.sampleHost()).isEmpty();
    assertThat(sampler.sampleHost()).isEmpty();
    assertThat(sampler.sampleContainer(1)).isEmpty();
  }

  @Test
  void malformedFilesLeaveOnlyTheirOwnLinesOut() throws IOException {
    Path root = copy("x86_vm_2cpu");
    write(root.resolve("proc/loadavg"), "nan 1.00 -2\n");
    write(root.resolve("proc/meminfo"), "MemTotal: lots kB\nMemAvailable:   12 MB\n");
    // a bogus reading seen on a Raspberry Pi (raspberrypi/firmware issue #133)
    write(root.resolve("sys/class/thermal/thermal_zone0/temp"), "-650788984\n");
    write(root.resolve("sys/class/thermal/thermal_zone1/temp"), "hot\n");
    write(root.resolve("sys/class/thermal/thermal_zone2/temp"), "");
    write(root.resolve("sys/class/thermal/thermal_zone3/temp"), "41318\n");
    write(root.resolve("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq"), "-1\n");
    write(root.resolve("sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq"), "600000\n");
    write(root.resolve(HealthSampler.THROTTLED), "zz\n");
    HealthSampler sampler = new HealthSampler(root, Map.of());
    write(root.resolve("proc/stat"), "cpu  1 2 x 4\n");
    // only the readable zone and the intact /proc/net/dev are left
    List<String> expected = new ArrayList<>(List.of("temperature_celsius 41.318 zone=thermal_zone3"));
    expected.addAll(X86_REST.subList(5, X86_REST.size()));
    assertThat(sampler.sampleHost()).containsExactlyElementsOf(expected);
    assertThat(sampler.sampleHost()).noneMatch(l -> l.startsWith("cpu_utilization_ratio"));
  }

  @Test
  void atMostSixteenInterfaces() throws IOException {
    Path root = copy("x86_vm_2cpu");
    List<String> dev = new ArrayList<>(Files.readAllLines(root.resolve("proc/net/dev")));
    String eth0 = dev.get(dev.size() - 1);
    for (int i = 1; i <= 20; i++) {
      dev.add(eth0.replace("eth0:", "eth" + i + ":"));
    }
    dev.add("bad/name: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16");
    write(root.resolve("proc/net/dev"), String.join("\n", dev) + "\n");
    List<String> lines = new HealthSampler(root, Map.of()).sampleHost();
    assertThat(lines.stream().filter(l -> l.startsWith("network_receive_bytes_total")))
        .hasSize(HealthSampler.MAX_INTERFACES);
    assertThat(lines).noneMatch(l -> l.contains("bad/name"));
  }

  @Test
  void containerLinesFromCgroupV1AndV2Files() {
    Path cg = resource("x86_vm_2cpu").resolve("sys/fs/cgroup");
    ContainerStats v1 = CgroupStats.v1(cg.resolve("cpuacct"), cg.resolve("memory"));
    ContainerStats v2 = CgroupStats.v2(cg.resolve("unified")); // root cgroup: no memory.current
    HealthSampler sampler = new HealthSampler(tmp, Map.of(1, v1, 2, v2));
    // cpuacct.usage 2716075814084 ns; memory.usage_in_bytes 1135558656
    assertThat(sampler.sampleContainer(1)).containsExactly(
        "container_cpu_seconds_total 2716.075814084", "container_memory_usage_bytes 1135558656");
    // cpu.stat usage_usec 2701904000 us
    assertThat(sampler.sampleContainer(2)).containsExactly("container_cpu_seconds_total 2701.904");
    assertThat(sampler.sampleContainer(3)).isEmpty();
  }

  @Test
  void aFaultyContainerReaderNeverThrows() {
    ContainerStats broken = new ContainerStats() {
      @Override
      public OptionalLong cpuUsageNanos() {
        throw new IllegalStateException("cgroup gone");
      }

      @Override
      public OptionalLong memoryUsageBytes() {
        return null;
      }
    };
    ContainerStats zero = new ContainerStats() {
      @Override
      public OptionalLong cpuUsageNanos() {
        return OptionalLong.of(0);
      }

      @Override
      public OptionalLong memoryUsageBytes() {
        return null;
      }
    };
    HealthSampler sampler = new HealthSampler(tmp, Map.of(1, broken, 2, zero));
    assertThat(sampler.sampleContainer(1)).isEmpty();
    assertThat(sampler.sampleContainer(2)).containsExactly("container_cpu_seconds_total 0");
  }

  @Test
  void lxcCgroupsAreFoundInTheKnownLayouts() throws IOException {
    Path cg = resource("x86_vm_2cpu").resolve("sys/fs/cgroup");
    Path root = tmp.resolve("root");
    Path payload = root.resolve("sys/fs/cgroup/lxc.payload.ct1");
    write(payload.resolve("cpu.stat"), Files.readString(cg.resolve("unified/cpu.stat")));
    write(payload.resolve("memory.current"), "4567890\n");
    write(root.resolve("sys/fs/cgroup/cpuacct/lxc/ct2/cpuacct.usage"),
        Files.readString(cg.resolve("cpuacct/cpuacct.usage")));
    write(root.resolve("sys/fs/cgroup/memory/lxc/ct2/memory.usage_in_bytes"),
        Files.readString(cg.resolve("memory/memory.usage_in_bytes")));

    ContainerStats ct1 = CgroupStats.lxc(root, "ct1").orElseThrow();
    assertThat(ct1.cpuUsageNanos()).hasValue(2_701_904_000_000L);
    assertThat(ct1.memoryUsageBytes()).hasValue(4_567_890L);
    ContainerStats ct2 = CgroupStats.lxc(root, "ct2").orElseThrow();
    assertThat(ct2.cpuUsageNanos()).hasValue(2_716_075_814_084L);
    assertThat(ct2.memoryUsageBytes()).hasValue(1_135_558_656L);
    assertThat(CgroupStats.lxc(root, "ct3")).isEmpty();
    assertThat(CgroupStats.lxc(root, "../ct1")).isEmpty();
    assertThat(CgroupStats.lxc(root, "")).isEmpty();
  }
}
