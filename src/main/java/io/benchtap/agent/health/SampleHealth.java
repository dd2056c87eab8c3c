package io.benchtap.agent.health;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints device-health lines every few seconds, for one stream: the host's by default, or one
 * container's with {@code --cgroup DIR} (v2) or {@code --cgroup-v1 CPUACCT_DIR MEMORY_DIR}.
 * Pipe it to {@code mosquitto_pub -l -t benchtap/v1/DEVICE/ENV/RUN/devhealth/INSTANCE/out}.
 *
 * <pre>
 * java -cp benchtap.jar io.benchtap.agent.health.SampleHealth [--root DIR] [--interval SECONDS]
 *     [--count N] [--loopback] [--cgroup DIR | --cgroup-v1 CPUACCT_DIR MEMORY_DIR]
 * </pre>
 *
 * <p>{@code --count 0} (the default) samples until killed.
 */
public final class SampleHealth {

  private SampleHealth() {}

  /** Entry point; exit status 2 on a bad argument. */
  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of("/");
    double interval = 5;
    long count = 0;
    boolean loopback = false;
    ContainerStats container = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--root" -> root = Path.of(args[++i]);
          case "--interval" -> interval = Double.parseDouble(args[++i]);
          case "--count" -> count = Long.parseLong(args[++i]);
          case "--loopback" -> loopback = true;
          case "--cgroup" -> container = CgroupStats.v2(Path.of(args[++i]));
          case "--cgroup-v1" -> container = CgroupStats.v1(Path.of(args[++i]), Path.of(args[++i]));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (!(interval > 0) || count < 0) {
        throw new IllegalArgumentException("--interval must be > 0 and --count >= 0");
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      usage("missing value after " + args[args.length - 1]);
      return;
    } catch (RuntimeException e) {
      usage(e.getMessage());
      return;
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    HealthSampler sampler = new HealthSampler(root,
        container == null ? Map.of() : Map.of(1, container), loopback);
    for (long n = 0; count == 0 || n < count; n++) {
      if (n > 0) {
        Thread.sleep((long) (interval * 1000));
      }
      List<String> lines = container == null ? sampler.sampleHost() : sampler.sampleContainer(1);
      lines.forEach(out::println);
      out.flush();
    }
  }

  private static void usage(String problem) {
    System.err.println("SampleHealth: " + problem + "\nusage: SampleHealth [--root DIR]"
        + " [--interval SECONDS] [--count N] [--loopback] [--cgroup DIR | --cgroup-v1 CPUACCT"
        + " MEMORY]");
    System.exit(2);
  }
}
