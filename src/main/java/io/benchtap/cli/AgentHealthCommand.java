package io.benchtap.cli;

import io.benchtap.agent.health.CgroupStats;
import io.benchtap.agent.health.ContainerStats;
import io.benchtap.agent.health.HealthSampler;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchtap agent health}: prints device-health lines (the {@code devhealth} tool's format)
 * every few seconds for one stream, the host's or one container's, for a shell pipe into
 * {@code mosquitto_pub -l}. {@code benchtap agent run} samples the same by itself while it runs.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = {"Print device health lines (CPU, load, memory, temperature, throttling, interfaces; or one container's "
        + "cgroup usage) every few seconds, in the devhealth tool's format (docs/mqtt-contract.md, \"Device health\").",
        "Example: benchtap agent health --interval 5 | mosquitto_pub -h 127.0.0.1 -q 1 -l "
            + "-t benchtap/v1/$(hostname)/native/run1/devhealth/host/out",
        "A container: --cgroup /sys/fs/cgroup/lxc.payload.ct1 (cgroup v2), on topic .../lxc/run1/devhealth/1/out."})
final class AgentHealthCommand implements Callable<Integer> {
  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
      description = "Read /proc and /sys below this directory (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
  double interval;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0",
      description = "Samples to print; 0 samples until killed (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--once", description = "Print one sample and exit (--count 1).")
  boolean once;

  @Option(names = "--loopback", description = "Include the loopback interface's counters.")
  boolean loopback;

  @ArgGroup(exclusive = true)
  Cgroup cgroup;

  /** One container's cgroup instead of the host. */
  static final class Cgroup {
    @Option(names = "--cgroup", paramLabel = "DIR", description = "A container's cgroup v2 directory.")
    Path v2;

    @Option(names = "--cgroup-v1", arity = "2", paramLabel = "DIR",
        description = "A container's cgroup v1 directories: CPUACCT_DIR MEMORY_DIR.")
    List<Path> v1;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!(interval > 0) || !Double.isFinite(interval)) {
      throw new Main.UsageError("benchtap agent health: --interval: expected seconds > 0, got " + interval);
    }
    if (count < 0) {
      throw new Main.UsageError("benchtap agent health: --count: expected 0 (until killed) or more, got " + count);
    }
    if (cgroup != null && cgroup.v1 != null && cgroup.v1.size() != 2) {
      throw new Main.UsageError("benchtap agent health: --cgroup-v1: expected CPUACCT_DIR MEMORY_DIR once, got " + cgroup.v1);
    }
    long samples = once ? 1 : count;
    ContainerStats container = cgroup == null ? null
        : cgroup.v2 != null ? CgroupStats.v2(cgroup.v2) : CgroupStats.v1(cgroup.v1.get(0), cgroup.v1.get(1));
    HealthSampler sampler = new HealthSampler(root, container == null ? Map.of() : Map.of(1, container), loopback);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    for (long n = 0; samples == 0 || n < samples; n++) {
      if (n > 0) {
        Thread.sleep((long) (interval * 1000));
      }
      List<String> lines = container == null ? sampler.sampleHost() : sampler.sampleContainer(1);
      lines.forEach(out::println);
      out.flush();
    }
    return 0;
  }
}
