package io.benchtap.agent.health;

import java.util.OptionalLong;

/**
 * Resource usage of one container, as its cgroup accounts it. {@link HealthSampler} turns it
 * into {@code container_cpu_seconds_total} and {@code container_memory_usage_bytes} lines.
 * Implementations return empty when a value cannot be read and never throw;
 * {@link CgroupStats} reads cgroup v1 or v2 files.
 */
public interface ContainerStats {

  /** CPU time used by the container since its cgroup was created, in nanoseconds. */
  OptionalLong cpuUsageNanos();

  /** Memory currently charged to the container, in bytes. */
  OptionalLong memoryUsageBytes();
}
