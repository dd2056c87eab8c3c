package io.benchtap.parse.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code stream} label of the network tools: the ordinal 1..P of a connection in order of
 * its first appearance, instead of the socket or connection id the tool prints ({@code [  5]},
 * {@code [  7]}, JSON {@code "socket": 5}). The ids differ between runs and machines (they are
 * file descriptors or a process-wide counter), so as labels they churn series; the ordinal is
 * bounded by the {@code -P} count and the same for the same command.
 *
 * <p>Ordinals are counted per group, so that flows that run side by side in opposite directions
 * each count from 1 (iperf3 {@code --bidir}: the {@code role}; iperf 2 {@code -d}/{@code -r}:
 * the connection's direction). {@link #reset()} starts a new test (iperf3 prints a new {@code
 * Connecting to host} or {@code Accepted connection from}, a JSON document or {@code start} event
 * begins). One instance per stream; not thread-safe.
 */
public final class StreamOrdinals {

  private final Map<String, Map<String, Integer>> groups = new HashMap<>();

  /**
   * The ordinal of connection {@code id} within {@code group} (null is a group of its own): the
   * one it got when first seen, else the next free one.
   */
  public String of(String group, String id) {
    Map<String, Integer> ids = groups.computeIfAbsent(group == null ? "" : group,
        g -> new HashMap<>());
    return String.valueOf(ids.computeIfAbsent(id, i -> ids.size() + 1));
  }

  /** Forgets every id: the next test counts from 1 again. */
  public void reset() {
    groups.clear();
  }
}
