package io.benchtap.sink.file;

import io.benchtap.config.Cfg;
import java.nio.file.Path;
import java.util.Set;

/** The line-protocol file sink section ({@code file.*}). */
public record FileSinkConfig(String mode, Path dir) {
  public static FileSinkConfig from(Cfg c) {
    return new FileSinkConfig(c.choice("file.enabled", Set.of("auto", "true", "false")), Path.of(c.string("file.dir")));
  }

  /** Whether the file sink runs, given whether InfluxDB is configured. */
  public boolean enabled(boolean influxConfigured) {
    return switch (mode) {
      case "true" -> true;
      case "false" -> false;
      default -> !influxConfigured;
    };
  }
}
