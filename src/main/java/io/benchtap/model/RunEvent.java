package io.benchtap.model;

import java.time.Instant;
import java.util.Map;

/**
 * A lifecycle event of one benchmark process, from its status topic or from the parser (a tool
 * that reported failure).
 *
 * @param time when it happened (device time if sent, else arrival)
 * @param key the stream
 * @param net network driver known for the stream
 * @param type what happened
 * @param command command line (free text: an InfluxDB field, never a label)
 * @param version tool version if known
 * @param instances number of parallel instances of the run, 0 if unknown
 * @param exitCode exit code for finished runs, null otherwise
 * @param durationSeconds duration for finished runs, NaN if unknown
 * @param reason why a run failed (free text)
 * @param labels free labels from the started event
 */
public record RunEvent(
    Instant time,
    StreamKey key,
    String net,
    Type type,
    String command,
    String version,
    int instances,
    Integer exitCode,
    double durationSeconds,
    String reason,
    Map<String, String> labels) {

  /** Kinds of lifecycle events. */
  public enum Type {
    STARTED, FINISHED, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RunEvent {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
