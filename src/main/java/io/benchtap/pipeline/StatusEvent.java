package io.benchtap.pipeline;

import io.benchtap.model.MeasurementTime;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A decoded status message (docs/mqtt-contract.md). {@code started} carries the command line,
 * tool version, instance count, net driver and free labels; {@code finished} the exit code,
 * duration and {@code seq}: how many output messages the stream sent before it (seq 0 .. seq-1),
 * so that the pipeline can hold a {@code finished} that overtook some of them ({@code -1}: not
 * said). Anything malformed is an {@link IllegalArgumentException} with a one-line message.
 */
public record StatusEvent(
    String event, Instant time, String command, String version, int instances, String net,
    Map<String, String> labels, Integer exitCode, double durationSeconds, long seq) {

  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** Decodes a status payload; throws {@link IllegalArgumentException} saying what is wrong. */
  public static StatusEvent decode(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("status is not a JSON object");
    }
    try {
      String event = json.getString("event");
      if (!"started".equals(event) && !"finished".equals(event)) {
        throw new IllegalArgumentException("status.event must be \"started\" or \"finished\"");
      }
      Instant t = null;
      Number tn = json.getNumber("t");
      if (tn != null) {
        t = MeasurementTime.parseEpochSeconds("status.t", tn.toString());
      }
      String net = json.getString("net");
      if (net != null && !WORD.matcher(net).matches()) {
        throw new IllegalArgumentException("status.net must be a short lower-case word like host, veth, macvlan");
      }
      Integer instances = json.getInteger("instances");
      if (instances != null && (instances < 0 || instances > 4096)) {
        throw new IllegalArgumentException("status.instances must be 0..4096");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      JsonObject l = json.getJsonObject("labels");
      if (l != null) {
        for (String k : l.fieldNames()) {
          Object v = l.getValue(k);
          if (!LABEL.matcher(k).matches() || Normalizer.RESERVED.contains(k) || v == null || String.valueOf(v).length() > 64) {
            throw new IllegalArgumentException("status.labels." + k + " is not a valid label (name [a-z][a-z0-9_]*, value up to 64 chars)");
          }
          labels.put(k, String.valueOf(v));
        }
      }
      Number dur = json.getNumber("durationSeconds");
      double duration = dur == null ? Double.NaN : dur.doubleValue();
      if (dur != null && !(duration >= 0 && Double.isFinite(duration))) {
        throw new IllegalArgumentException("status.durationSeconds must be a non-negative number");
      }
      return new StatusEvent(event, t, json.getString("command"), json.getString("version"),
          instances == null ? 0 : instances, net, labels, json.getInteger("exitCode"), duration, seq(json));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("status has a field of the wrong type");
    }
  }

  /**
   * The {@code seq} field of a decoded status: how many output messages came before it, -1 when
   * absent; an {@link IllegalArgumentException} when it is not a non-negative integer.
   */
  public static long seq(JsonObject json) {
    Object sv = json.getValue("seq");
    if (sv == null) {
      return -1;
    }
    if (!(sv instanceof Integer || sv instanceof Long) || ((Number) sv).longValue() < 0) {
      throw new IllegalArgumentException("status.seq must be a non-negative integer");
    }
    return ((Number) sv).longValue();
  }
}
