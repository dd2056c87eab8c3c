package io.benchtap.model;

import io.vertx.core.json.JsonObject;

/**
 * The JSON form of a measurement: one line of {@code benchtap parse}, a value on the live page
 * and in /api. Field names are the Measurement's; {@code phase} and {@code timeSource} in their
 * wire form, {@code time} as ISO-8601.
 */
public final class MeasurementJson {
  private MeasurementJson() {}

  /** {@code m} as a JSON object. */
  public static JsonObject of(Measurement m) {
    JsonObject labels = new JsonObject();
    m.labels().forEach(labels::put);
    return new JsonObject()
        .put("time", m.time().toString())
        .put("device", m.device())
        .put("env", m.env())
        .put("net", m.net())
        .put("run", m.run())
        .put("tool", m.tool())
        .put("benchmark", m.benchmark())
        .put("instance", m.instance())
        .put("metric", m.metric())
        .put("value", m.value())
        .put("unit", m.unit())
        .put("phase", m.phase().wire())
        .put("labels", labels)
        .put("timeSource", m.timeSource().wire());
  }
}
