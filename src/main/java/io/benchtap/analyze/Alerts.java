package io.benchtap.analyze;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns conditions into alert events, at most one per condition and cell within the cooldown,
 * and hands each to the notifiers (MQTT {@code benchtap/v1/alerts}, an optional webhook).
 */
public final class Alerts {
  private final Duration cooldown;
  private final Map<String, Instant> last = new HashMap<>();
  private final Consumer<JsonObject> notify;

  public Alerts(Duration cooldown, Consumer<JsonObject> notify) {
    this.cooldown = cooldown;
    this.notify = notify;
  }

  /** Raises an alert unless the same one was raised within the cooldown; returns whether it was. */
  public boolean raise(String kind, String key, JsonObject details, Instant now) {
    String id = kind + "|" + key;
    Instant previous = last.get(id);
    if (previous != null && previous.plus(cooldown).isAfter(now)) {
      return false;
    }
    last.put(id, now);
    if (last.size() > 10_000) {
      last.entrySet().removeIf(e -> e.getValue().plus(cooldown).isBefore(now));
    }
    notify.accept(new JsonObject().put("alert", kind).put("key", key).put("time", now.toString()).mergeIn(details));
    return true;
  }
}
