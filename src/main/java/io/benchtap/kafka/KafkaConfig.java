package io.benchtap.kafka;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code kafka.*} section (docs/scale-out.md): where the brokers are, which roles this
 * instance plays, the topics and groups. {@link #enabled()} is false without
 * {@code kafka.bootstrapServers}: then nothing of Kafka is created.
 */
public record KafkaConfig(String bootstrapServers, Set<Role> roles, String linesTopic, String resultsTopic, int partitions,
    short replicationFactor, String group, String shareGroup, int bridgeSlot, int bridgeSlots, Duration reorderHold,
    int reorderMaxHeld) {
  /** Largest record a bridge produces or a processor fetches (8 MiB: above the default
   * pipeline.maxMessageBytes of 4 MiB). */
  public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;


  /** What an instance does. */
  public enum Role { BRIDGE, PROCESS, ANALYSIS }

  public static KafkaConfig from(Cfg c) {
    String servers = c.string("kafka.bootstrapServers");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    String list = c.string("kafka.roles");
    for (String r : (list == null ? "" : list).split(",")) {
      String name = r.trim().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        roles.add(Role.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("kafka.roles", "a comma-separated list of bridge, process, analysis", list);
      }
    }
    if (servers != null && roles.isEmpty()) {
      throw new ConfigException("kafka.roles", "at least one of bridge, process, analysis", list);
    }
    if (roles.contains(Role.PROCESS) && roles.contains(Role.ANALYSIS)) {
      // The analyzer of such an instance would take its own partitions' results twice.
      throw new ConfigException("kafka.roles", "process and analysis in separate instances", list);
    }
    int[] slot = slot(c.string("kafka.bridgeSlot"));
    return new KafkaConfig(servers, Set.copyOf(roles), c.string("kafka.linesTopic"), c.string("kafka.resultsTopic"),
        c.integer("kafka.partitions", 1, 10_000), (short) c.integer("kafka.replicationFactor", 1, 32),
        c.string("kafka.group"), c.string("kafka.shareGroup"), slot[0], slot[1],
        Duration.ofMillis(c.longValue("kafka.reorderHoldMs", 0, 3_600_000)), c.integer("kafka.reorderMaxHeld", 1, 10_000_000));
  }

  /** {@code kafka.bridgeSlot} "I/N" as {I, N}; {0, 0} when unset (shared subscription). */
  private static int[] slot(String value) {
    if (value == null || value.isBlank()) {
      return new int[] {0, 0};
    }
    String[] parts = value.trim().split("/");
    try {
      if (parts.length == 2) {
        int i = Integer.parseInt(parts[0].trim());
        int n = Integer.parseInt(parts[1].trim());
        if (n >= 1 && n <= 1000 && i >= 1 && i <= n) {
          return new int[] {i, n};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("kafka.bridgeSlot", "I/N with 1 <= I <= N <= 1000 (this bridge's share of the streams)", value);
  }

  /** Whether the bridges split the streams by slot ({@code kafka.bridgeSlot}) instead of a shared subscription. */
  public boolean slotted() {
    return bridgeSlots > 0;
  }

  /** Whether Kafka is configured at all. */
  public boolean enabled() {
    return bootstrapServers != null;
  }

  public boolean has(Role role) {
    return enabled() && roles.contains(role);
  }
}
