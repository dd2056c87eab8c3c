package io.benchtap.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The message numbers 0..published-1 of a soak run as found in one place: the line-protocol
 * files, the store, or the witness subscriber.
 *
 * @param where what was counted
 * @param values values found, each occurrence (in the store: each distinct point)
 * @param lost numbers found nowhere
 * @param duplicated extra occurrences of numbers found more than once (in the store: at distinct
 *     points; for the witness: QoS 1 deliveries of the same message, which are allowed)
 * @param resent in the store only: the same point (series, time, value) sent again, which
 *     InfluxDB keeps as one point; neither lost nor duplicated
 * @param foreign values that are no message number of the run (must be 0)
 * @param series series (store) or files the values were in
 * @param lostValues the first lost numbers, lowest first
 * @param duplicatedValues the first duplicated numbers, lowest first
 */
public record SinkCount(String where, long values, long lost, long duplicated, long resent, long foreign, long series,
    List<Long> lostValues, List<Long> duplicatedValues) {
  /** Nothing lost, nothing twice, nothing unexpected. */
  public boolean clean() {
    return lost == 0 && duplicated == 0 && foreign == 0;
  }

  JsonObject toJson() {
    return new JsonObject().put("where", where).put("values", values).put("lost", lost).put("duplicated", duplicated)
        .put("resent", resent).put("foreign", foreign).put("series", series).put("lostValues", new JsonArray(lostValues))
        .put("duplicatedValues", new JsonArray(duplicatedValues));
  }
}
