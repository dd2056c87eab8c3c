package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What identifies one overhead row of {@code /api/overhead} (and of the offline analyzer): the
 * container cell (device, env, net, tool, benchmark, metric, the metric's labels, instance count)
 * and the campaign it was measured in. Two rows with different ids are different values; every
 * table, plot and cell of a report is keyed by (a part of) this id plus what the layout fixes,
 * never by a shortened form such as the op alone (STREAM copy and STREAM2 copy share it) or the
 * metric alone (netperf TCP_RR and UDP_RR share it).
 */
record CellId(String device, String env, String net, String tool, String benchmark, String metric,
    SortedMap<String, String> labels, int instances, String campaign) {

  CellId {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  static CellId of(JsonObject row) {
    SortedMap<String, String> labels = new TreeMap<>();
    JsonObject l = row.getJsonObject("labels");
    if (l != null) {
      l.forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    }
    Integer instances = row.getInteger("instances");
    return new CellId(row.getString("device"), row.getString("env"), row.getString("net"), row.getString("tool"),
        row.getString("benchmark"), row.getString("metric"), labels, instances == null ? 1 : instances,
        row.getString("campaign", ""));
  }

  /** The labels as {@code k=v k=v} in key order, {@code ""} without labels. */
  String labelText() {
    StringBuilder sb = new StringBuilder();
    labels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** The labels without the given keys (what is left once a layout has placed those). */
  SortedMap<String, String> labelsWithout(String... keys) {
    SortedMap<String, String> rest = new TreeMap<>(labels);
    for (String k : keys) {
      rest.remove(k);
    }
    return rest;
  }

  /** The native cell a container row is compared with (its values are in the row's {@code native}). */
  CellId baseline() {
    return new CellId(device, "native", "host", tool, benchmark, metric, labels, instances, campaign);
  }

  /**
   * The name of the row's container side in a legend: the network driver as the paper names
   * its series (veth, macvlan) after the environment, or the environment alone when the
   * container has no network of its own ({@code none}) or it is unknown.
   */
  String containerSeries() {
    return net == null || List.of("none", "unknown", "host", "").contains(net) ? env : env + " " + net;
  }

  /** The paper's devices in its order (Table A), then any other device by name. */
  static final Comparator<String> DEVICES = Comparator.comparingInt(CellId::paperRank).thenComparing(Comparator.naturalOrder());

  private static int paperRank(String device) {
    int i = List.of("lks7688", "archc7", "l4500", "rspi3").indexOf(device);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /** Networks in the paper's order: the container's own (none), veth, macvlan, then others by name. */
  static final Comparator<String> NETS = Comparator.comparingInt((String n) -> {
    int i = List.of("host", "none", "unknown", "veth", "macvlan").indexOf(n);
    return i < 0 ? Integer.MAX_VALUE : i;
  }).thenComparing(Comparator.naturalOrder());

  /** Names that contain numbers in numeric order: {@code stream=2} before {@code stream=10}. */
  static final Comparator<String> NATURAL = io.benchtap.model.NaturalOrder.NAMES;

  /** Values of a map in one place for messages. */
  static String describe(JsonObject row) {
    CellId c = of(row);
    return c.device + " " + c.env + "/" + c.net + " " + c.tool + " " + c.benchmark + " " + c.metric
        + (c.labels.isEmpty() ? "" : "{" + c.labelText() + "}") + " x" + c.instances + " campaign " + c.campaign;
  }

  /**
   * Puts a row into the place a layout gives it. A place holds one row: a second one means the
   * layout's key lost a part of the row's identity, and the report would show one value and drop
   * the other without a word; that is a bug, so it fails loudly instead.
   *
   * @throws IllegalStateException when the place already holds a row
   */
  static <K> void putOnce(Map<K, JsonObject> places, K key, JsonObject row) {
    JsonObject before = places.putIfAbsent(key, row);
    if (before != null) {
      throw new IllegalStateException("two overhead rows in one place " + key + ": " + describe(before) + " and " + describe(row));
    }
  }
}
