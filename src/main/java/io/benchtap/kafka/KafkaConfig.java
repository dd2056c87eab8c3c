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
    short replicationFactor, String group, String shareGroup, Duration reorderHold, int reorderMaxHeld) {

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
    return new KafkaConfig(servers, Set.copyOf(roles), c.string("kafka.linesTopic"), c.string("kafka.resultsTopic"),
        c.integer("kafka.partitions", 1, 10_000), (short) c.integer("kafka.replicationFactor", 1, 32),
        c.string("kafka.group"), c.string("kafka.shareGroup"),
        Duration.ofMillis(c.longValue("kafka.reorderHoldMs", 0, 3_600_000)), c.integer("kafka.reorderMaxHeld", 1, 10_000_000));
  }

  /** Whether Kafka is configured at all. */
  public boolean enabled() {
    return bootstrapServers != null;
  }

  public boolean has(Role role) {
    return enabled() && roles.contains(role);
  }
}
