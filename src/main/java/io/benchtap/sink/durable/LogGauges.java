package io.benchtap.sink.durable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The gauges of the open logs of one name in one registry, as one series each: their queued
 * batches summed ({@code benchtap_queue_depth{queue="NAME_write"}}) and the longest failure
 * ({@code benchtap_sink_failing_seconds{sink="NAME",part="disk"}}). A Kafka processor opens one
 * file log per partition it owns; a gauge bound to the first of them would show only that
 * partition, and nothing once it was revoked.
 */
final class LogGauges {
  private static final Map<MeterRegistry, Map<String, Set<AppendLog>>> OPEN = new WeakHashMap<>();

  private LogGauges() {}

  static synchronized void add(MeterRegistry registry, String name, AppendLog log) {
    Map<String, Set<AppendLog>> byName = OPEN.computeIfAbsent(registry, r -> new HashMap<>());
    Set<AppendLog> logs = byName.get(name);
    if (logs == null) {
      logs = new CopyOnWriteArraySet<>();
      byName.put(name, logs);
      Gauge.builder("benchtap.queue.depth", logs, LogGauges::queued).tag("queue", name + "_write").strongReference(true)
          .register(registry);
      Gauge.builder("benchtap.sink.failing", logs, LogGauges::failing).tag("sink", name).tag("part", "disk")
          .baseUnit("seconds").strongReference(true)
          .description("How long writes to a durable sink's files have been failing (0 while they succeed)")
          .register(registry);
    }
    logs.add(log);
  }

  static synchronized void remove(MeterRegistry registry, String name, AppendLog log) {
    Map<String, Set<AppendLog>> byName = OPEN.get(registry);
    if (byName != null && byName.containsKey(name)) {
      byName.get(name).remove(log);
    }
  }

  private static double queued(Set<AppendLog> logs) {
    return logs.stream().mapToInt(AppendLog::queued).sum();
  }

  private static double failing(Set<AppendLog> logs) {
    return logs.stream().mapToDouble(AppendLog::failingSeconds).max().orElse(0);
  }
}
