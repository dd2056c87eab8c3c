package io.benchtap.agent.health;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples device health as {@code devhealth} lines ({@code METRIC VALUE [label=value]}, SI base
 * units; see docs/mqtt-contract.md) for an agent to publish on
 * {@code benchtap/v1/{device}/{env}/{run}/devhealth/{instance}/out}.
 *
 * <p>{@link #sampleHost()} reads, below the root directory (normally "/"): {@code /proc/stat}
 * (CPU utilization from the change of the aggregate {@code cpu} line since the previous call,
 * so the first call has none), {@code /proc/loadavg}, {@code /proc/meminfo} (kB = KiB, x 1024),
 * {@code /sys/class/thermal/thermal_zone*}{@code /temp} (millidegree Celsius / 1000),
 * {@code /sys/devices/system/cpu/cpu*}{@code /cpufreq/scaling_cur_freq} (kHz x 1000), the
 * Raspberry Pi firmware's {@code get_throttled} (hexadecimal) and {@code /proc/net/dev}.
 * {@link #sampleContainer(int)} turns a {@link ContainerStats} into container lines. A file that
 * is missing or malformed only leaves its lines out: no method throws.
 *
 * <p>Bounded output: at most {@value #MAX_INTERFACES} interfaces (loopback skipped unless asked
 * for), {@value #MAX_ZONES} thermal zones and {@value #MAX_CPUS} CPUs; names that are not valid
 * label values are skipped. Not thread-safe: one sampler per sampling loop.
 */
public final class HealthSampler {

  /** At most this many network interfaces per sample. */
  public static final int MAX_INTERFACES = 16;
  /** At most this many thermal zones per sample. */
  public static final int MAX_ZONES = 16;
  /** At most this many {@code cpu_frequency_hertz} lines per sample. */
  public static final int MAX_CPUS = 64;
  /** Path of the Raspberry Pi firmware's throttling flags, below the root. */
  static final String THROTTLED = "sys/devices/platform/soc/soc:firmware/get_throttled";

  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_.:@-]{1,32}");
  private static final Pattern LOAD = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,6})?");
  private static final Pattern ZONE = Pattern.compile("thermal_zone([0-9]{1,6})");
  private static final Pattern CPU = Pattern.compile("cpu([0-9]{1,6})");
  private static final Pattern MILLI = Pattern.compile("-?[0-9]{1,12}");
  private static final Pattern HEX = Pattern.compile("(0x)?([0-9a-fA-F]{1,8})");

  private final Path root;
  private final Map<Integer, ContainerStats> containers;
  private final boolean loopback;
  private long[] previousCpu;

  /** Samples the real machine ("/") without containers. */
  public HealthSampler() {
    this(Path.of("/"), Map.of(), false);
  }

  /** Samples below {@code root} with these container readers, loopback skipped. */
  public HealthSampler(Path root, Map<Integer, ContainerStats> containers) {
    this(root, containers, false);
  }

  /**
   * @param root directory that stands for "/" (tests point it at a copied tree)
   * @param containers container cgroup readers keyed by instance number (1..N)
   * @param loopback whether to report the {@code lo} interface too
   */
  public HealthSampler(Path root, Map<Integer, ContainerStats> containers, boolean loopback) {
    this.root = root;
    this.containers = Map.copyOf(containers);
    this.loopback = loopback;
  }

  /** The host's lines for this moment, in a fixed order. */
  public List<String> sampleHost() {
    List<String> out = new ArrayList<>();
    for (Runnable part : List.<Runnable>of(() -> cpu(out), () -> load(out), () -> memory(out),
        () -> thermal(out), () -> frequency(out), () -> throttled(out), () -> network(out))) {
      try {
        part.run();
      } catch (RuntimeException e) {
        // one unreadable source must not cost the others
      }
    }
    return out;
  }

  /** Lines of container {@code instance}; empty when it has no reader or nothing is readable. */
  public List<String> sampleContainer(int instance) {
    ContainerStats stats = containers.get(instance);
    List<String> out = new ArrayList<>();
    if (stats == null) {
      return out;
    }
    try {
      OptionalLong nanos = stats.cpuUsageNanos();
      if (nanos != null && nanos.isPresent() && nanos.getAsLong() >= 0) {
        out.add("container_cpu_seconds_total " + plain(BigDecimal.valueOf(nanos.getAsLong(), 9)));
      }
      OptionalLong bytes = stats.memoryUsageBytes();
      if (bytes != null && bytes.isPresent() && bytes.getAsLong() >= 0) {
        out.add("container_memory_usage_bytes " + bytes.getAsLong());
      }
    } catch (RuntimeException e) {
      // a faulty reader leaves the rest of the sample alone
    }
    return out;
  }

  private void cpu(List<String> out) {
    long[] now = null;
    for (String line : ProcFiles.lines(root.resolve("proc/stat"))) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 5 && f[0].equals("cpu")) {
        now = busyAndTotal(f);
        break;
      }
    }
    long[] before = previousCpu;
    previousCpu = now;
    if (now == null || before == null) {
      return;
    }
    long total = now[1] - before[1];
    long busy = Math.max(0, Math.min(total, now[0] - before[0]));
    if (total > 0) {
      out.add("cpu_utilization_ratio " + plain(BigDecimal.valueOf(busy)
          .divide(BigDecimal.valueOf(total), 6, RoundingMode.HALF_EVEN)));
    }
  }

  /**
   * {busy, total} jiffies of a {@code cpu} line: user nice system idle iowait irq softirq steal;
   * guest and guest_nice are left out because the kernel already counts them in user and nice.
   * Idle time is idle + iowait.
   */
  private static long[] busyAndTotal(String[] f) {
    long total = 0;
    long idle = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      OptionalLong v = ProcFiles.parseLong(f[i]);
      if (v.isEmpty()) {
        return null;
      }
      total += v.getAsLong();
      if (i == 4 || i == 5) {
        idle += v.getAsLong();
      }
    }
    return new long[] {total - idle, total};
  }

  private void load(List<String> out) {
    String line = ProcFiles.firstLine(root.resolve("proc/loadavg"));
    String[] f = line == null ? new String[0] : line.split("\\s+");
    if (f.length >= 3 && LOAD.matcher(f[0]).matches() && LOAD.matcher(f[1]).matches()
        && LOAD.matcher(f[2]).matches()) {
      out.add("load_average " + f[0] + " window=1m");
      out.add("load_average " + f[1] + " window=5m");
      out.add("load_average " + f[2] + " window=15m");
    }
  }

  private void memory(List<String> out) {
    Map<String, Long> kib = new TreeMap<>();
    for (String line : ProcFiles.lines(root.resolve("proc/meminfo"))) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 3 && f[2].equals("kB")) {
        OptionalLong v = ProcFiles.parseLong(f[1]);
        if (v.isPresent() && v.getAsLong() <= Long.MAX_VALUE / 1024) {
          kib.put(f[0], v.getAsLong());
        }
      }
    }
    if (kib.containsKey("MemAvailable:")) {
      out.add("memory_available_bytes " + kib.get("MemAvailable:") * 1024);
    }
    if (kib.containsKey("MemTotal:")) {
      out.add("memory_total_bytes " + kib.get("MemTotal:") * 1024);
    }
  }

  private void thermal(List<String> out) {
    for (Map.Entry<Integer, Path> zone : numbered(root.resolve("sys/class/thermal"), ZONE,
        MAX_ZONES).entrySet()) {
      String text = ProcFiles.firstLine(zone.getValue().resolve("temp"));
      if (text != null && MILLI.matcher(text).matches() && !text.startsWith("-")) {
        out.add("temperature_celsius " + plain(BigDecimal.valueOf(Long.parseLong(text), 3))
            + " zone=thermal_zone" + zone.getKey());
      }
    }
  }

  private void frequency(List<String> out) {
    for (Map.Entry<Integer, Path> cpu : numbered(root.resolve("sys/devices/system/cpu"), CPU,
        MAX_CPUS).entrySet()) {
      OptionalLong khz = ProcFiles.firstLong(cpu.getValue().resolve("cpufreq/scaling_cur_freq"));
      if (khz.isPresent() && khz.getAsLong() <= Long.MAX_VALUE / 1000) {
        out.add("cpu_frequency_hertz " + khz.getAsLong() * 1000 + " cpu=cpu" + cpu.getKey());
      }
    }
  }

  private void throttled(List<String> out) {
    String text = ProcFiles.firstLine(root.resolve(THROTTLED));
    Matcher m = text == null ? null : HEX.matcher(text);
    if (m != null && m.matches()) {
      out.add("throttled_flags " + Long.parseLong(m.group(2), 16));
    }
  }

  private void network(List<String> out) {
    int interfaces = 0;
    for (String line : ProcFiles.lines(root.resolve("proc/net/dev"))) {
      int colon = line.indexOf(':');
      if (colon < 0 || interfaces >= MAX_INTERFACES) {
        continue; // the two header lines have no colon
      }
      String name = line.substring(0, colon).strip();
      String[] f = line.substring(colon + 1).strip().split("\\s+");
      if ((!loopback && name.equals("lo")) || !LABEL_VALUE.matcher(name).matches()
          || f.length < 9) {
        continue;
      }
      OptionalLong rx = ProcFiles.parseLong(f[0]);
      OptionalLong tx = ProcFiles.parseLong(f[8]);
      if (rx.isPresent() && tx.isPresent()) {
        out.add("network_receive_bytes_total " + rx.getAsLong() + " interface=" + name);
        out.add("network_transmit_bytes_total " + tx.getAsLong() + " interface=" + name);
        interfaces++;
      }
    }
  }

  /** Sub-directories named PREFIX&lt;n&gt;, by n, at most {@code max}. */
  private static Map<Integer, Path> numbered(Path dir, Pattern name, int max) {
    Map<Integer, Path> found = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(p -> {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          found.put(Integer.parseInt(m.group(1)), p);
        }
      });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    Map<Integer, Path> first = new TreeMap<>();
    for (Map.Entry<Integer, Path> e : found.entrySet()) {
      if (first.size() < max) {
        first.put(e.getKey(), e.getValue());
      }
    }
    return first;
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
