package io.benchtap.parse.devhealth;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;

import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;
import io.benchtap.model.MetricSpec;
import io.benchtap.parse.support.CommonMetrics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fixed whitelist of device-health metrics: each one's declaration (name, SI unit, help...) and
 * the one label it may carry.
 * Nothing outside this table becomes a series, so a device cannot create unbounded metric names
 * or label names; label values are bounded by {@link #labelValue}.
 */
enum HealthMetric {
  CPU_UTILIZATION_RATIO(CommonMetrics.CPU_UTILIZATION, null),
  LOAD_AVERAGE(gauge("load_average", "count", MEAN, "Load average of the device by window (1m, 5m, 15m)."), "window"),
  MEMORY_AVAILABLE_BYTES(gauge("memory_available_bytes", "bytes", SUM, "Memory available on the device (MemAvailable)."),
      null),
  MEMORY_TOTAL_BYTES(gauge("memory_total_bytes", "bytes", SUM, "Memory of the device (MemTotal)."), null),
  TEMPERATURE_CELSIUS(gauge("temperature_celsius", "celsius", MEAN, "Temperature of a thermal zone of the device."),
      "zone"),
  CPU_FREQUENCY_HERTZ(gauge("cpu_frequency_hertz", "hertz", MEAN, "Current frequency of a CPU of the device."), "cpu"),
  THROTTLED_FLAGS(gauge("throttled_flags", "count", MEAN,
      "Raspberry Pi throttling bit mask (get_throttled); 0 when never throttled."), null),
  NETWORK_RECEIVE_BYTES_TOTAL(gauge("network_receive_bytes_total", "bytes", SUM,
      "Bytes received by a network interface of the device (the kernel's counter)."), "interface"),
  NETWORK_TRANSMIT_BYTES_TOTAL(gauge("network_transmit_bytes_total", "bytes", SUM,
      "Bytes sent by a network interface of the device (the kernel's counter)."), "interface"),
  CONTAINER_CPU_SECONDS_TOTAL(gauge("container_cpu_seconds_total", "seconds", SUM,
      "CPU time a container used (its cgroup's counter)."), null),
  CONTAINER_MEMORY_USAGE_BYTES(gauge("container_memory_usage_bytes", "bytes", SUM,
      "Memory a container uses (its cgroup)."), null);

  /** Values of the {@code window} label. */
  private static final Pattern WINDOW = Pattern.compile("1m|5m|15m");
  /** Values of the {@code zone}, {@code cpu} and {@code interface} labels. */
  static final Pattern NAME_VALUE = Pattern.compile("[A-Za-z0-9_.:@-]{1,32}");

  private static final Map<String, HealthMetric> BY_NAME = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(m -> m.metric, Function.identity()));

  /** The declaration (docs/metrics.md, "devhealth"). */
  final MetricSpec spec;
  final String metric;
  final String unit;
  /** The label this metric requires, or null for none. */
  final String label;

  HealthMetric(MetricSpec spec, String label) {
    this.spec = spec;
    this.metric = spec.name();
    this.unit = spec.unit();
    this.label = label;
  }

  /**
   * A device-health value: never better or worse in itself (the analysis leaves devhealth out),
   * combined over the containers of a device as {@code aggregate} says.
   */
  private static MetricSpec gauge(String name, String unit, Aggregate aggregate, String help) {
    return new MetricSpec(name, unit, Direction.NEUTRAL, aggregate, help);
  }

  /** The declarations of every metric, in table order. */
  static List<MetricSpec> specs() {
    return Stream.of(values()).map(m -> m.spec).toList();
  }

  /** The metric with this exact name, or null. */
  static HealthMetric byName(String name) {
    return BY_NAME.get(name);
  }

  /** Whether {@code value} is allowed for this metric's label. */
  boolean labelValue(String value) {
    return ("window".equals(label) ? WINDOW : NAME_VALUE).matcher(value).matches();
  }
}
