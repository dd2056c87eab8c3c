package io.benchtap.parse.devhealth;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fixed whitelist of device-health metrics: name, SI unit and the one label each may carry.
 * Nothing outside this table becomes a series, so a device cannot create unbounded metric names
 * or label names; label values are bounded by {@link #labelValue}.
 */
enum HealthMetric {
  CPU_UTILIZATION_RATIO("cpu_utilization_ratio", "ratio", null),
  LOAD_AVERAGE("load_average", "count", "window"),
  MEMORY_AVAILABLE_BYTES("memory_available_bytes", "bytes", null),
  MEMORY_TOTAL_BYTES("memory_total_bytes", "bytes", null),
  TEMPERATURE_CELSIUS("temperature_celsius", "celsius", "zone"),
  CPU_FREQUENCY_HERTZ("cpu_frequency_hertz", "hertz", "cpu"),
  THROTTLED_FLAGS("throttled_flags", "count", null),
  NETWORK_RECEIVE_BYTES_TOTAL("network_receive_bytes_total", "bytes", "interface"),
  NETWORK_TRANSMIT_BYTES_TOTAL("network_transmit_bytes_total", "bytes", "interface"),
  CONTAINER_CPU_SECONDS_TOTAL("container_cpu_seconds_total", "seconds", null),
  CONTAINER_MEMORY_USAGE_BYTES("container_memory_usage_bytes", "bytes", null);

  /** Values of the {@code window} label. */
  private static final Pattern WINDOW = Pattern.compile("1m|5m|15m");
  /** Values of the {@code zone}, {@code cpu} and {@code interface} labels. */
  static final Pattern NAME_VALUE = Pattern.compile("[A-Za-z0-9_.:@-]{1,32}");

  private static final Map<String, HealthMetric> BY_NAME = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(m -> m.metric, Function.identity()));

  final String metric;
  final String unit;
  /** The label this metric requires, or null for none. */
  final String label;

  HealthMetric(String metric, String unit, String label) {
    this.metric = metric;
    this.unit = unit;
    this.label = label;
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
