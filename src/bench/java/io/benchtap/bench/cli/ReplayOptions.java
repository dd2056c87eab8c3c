package io.benchtap.bench.cli;

import io.benchtap.cli.Main;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code bench}, {@code bench scrape} and {@code bench drain} share (a picocli mixin):
 * the broker, the captured outputs replayed, the topic prefix, the in-process benchtap's
 * configuration and the JSON output.
 */
final class ReplayOptions {
  @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--mqtt-port", description = "Broker port (required).")
  Integer port;

  @Option(names = "--fixtures", defaultValue = "src/test/resources/outputs",
      description = "Directory of captured outputs, one sub-directory per tool (default: ${DEFAULT-VALUE}).")
  Path fixtures;

  @Option(names = "--topic-prefix", defaultValue = "benchtap/v1", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Configuration of the in-process benchtap (repeatable), e.g. --set pipeline.workers=2.")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  /**
   * Refuses, as a usage error naming {@code command} ("bench", "bench scrape", ...), a missing
   * {@code --mqtt-port} and a fixtures directory that is not there.
   */
  void check(String command) {
    if (port == null) {
      throw new Main.UsageError("benchtap-bench " + command + ": --mqtt-port is required (bin/" + command
          + " starts a throw-away Mosquitto and passes it)");
    }
    if (!Files.isDirectory(fixtures)) {
      throw new Main.UsageError("benchtap-bench " + command + ": fixtures directory " + fixtures
          + " not found (run from the repository or give --fixtures)");
    }
  }

  /** Writes {@code results} to the {@code --json} file, if one was given. */
  void writeJson(JsonObject results) throws IOException {
    if (json != null) {
      Files.writeString(json, results.encodePrettily() + "\n");
    }
  }
}
