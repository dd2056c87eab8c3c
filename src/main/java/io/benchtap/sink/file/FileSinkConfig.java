package io.benchtap.sink.file;

import io.benchtap.config.Cfg;
import java.nio.file.Path;
import java.util.Set;

/**
 * The line-protocol file sink section ({@code file.*}).
 *
 * @param fsync force every commit to the device before its messages are acknowledged (survives a
 *     power failure); false: the data is in the operating system's page cache when acknowledged
 *     (survives a crash of benchtap, not of the machine)
 */
public record FileSinkConfig(String mode, Path dir, boolean fsync) {
  public static FileSinkConfig from(Cfg c) {
    return new FileSinkConfig(c.choice("file.enabled", Set.of("auto", "true", "false")), Path.of(c.string("file.dir")),
        c.bool("file.fsync"));
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
