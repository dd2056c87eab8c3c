package io.benchtap.analyze;

import java.util.Map;
import java.util.TreeMap;

/**
 * A cell of the comparison: one metric (with its own labels) of one tool on one device, in one
 * environment and network driver, at one instance count. {@link #baseline()} is the native cell
 * it is paired with.
 */
public record CellKey(String device, String env, String net, String tool, String benchmark, String metric,
    Map<String, String> labels, int instances) {

  public CellKey {
    labels = Map.copyOf(new TreeMap<>(labels));
  }

  public boolean isNative() {
    return env.equals("native");
  }

  /** The native cell with everything else equal (net is host natively). */
  public CellKey baseline() {
    return new CellKey(device, "native", "host", tool, benchmark, metric, labels, instances);
  }

  /** Labels as a sorted string, for display. */
  public String labelText() {
    return new TreeMap<>(labels).toString();
  }
}
