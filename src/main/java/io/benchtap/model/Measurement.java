package io.benchtap.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One normalized benchmark result: a value in SI base units with the identity of the stream it
 * came from. Immutable; {@link #labels()} is a sorted, unmodifiable map of the metric's own labels
 * (for example {@code stat=p95}, {@code direction=sender}); the identity labels (device, env, net,
 * tool, benchmark, instance) are fields, not entries of that map.
 *
 * @param time when the device printed the line (or the arrival time, see {@link #timeSource()})
 * @param device device name from the topic
 * @param env execution environment: native, lxc, docker...
 * @param net network driver: host, veth, macvlan, or {@code none} when unknown
 * @param run run id (never a Prometheus label: unbounded)
 * @param tool tool name (sysbench, iperf3...)
 * @param benchmark the tool's test (cpu, memory, tcp_stream...), {@code unknown} if not known
 * @param instance instance number of parallel runs, as a string
 * @param metric metric name in Prometheus conventions with base unit suffix
 * @param value value in SI base units
 * @param unit the base unit: seconds, bytes, bytes_per_second, per_second, ratio, count
 * @param phase interval or final
 * @param labels metric-specific labels
 * @param timeSource where {@link #time()} came from
 */
public record Measurement(
    Instant time,
    String device,
    String env,
    String net,
    String run,
    String tool,
    String benchmark,
    String instance,
    String metric,
    double value,
    String unit,
    Phase phase,
    Map<String, String> labels,
    TimeSource timeSource) {

  public Measurement {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(phase, "phase");
    labels = labels == null || labels.isEmpty()
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }
}
