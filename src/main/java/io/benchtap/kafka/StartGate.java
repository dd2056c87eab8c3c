package io.benchtap.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the output messages of a stream behind its {@code started} status. An agent sends
 * {@code started} before the output message with {@code seq} 0, but Mosquitto can hand a bridge
 * its queued messages out of order (a subscriber whose in-flight window is full, a session taken
 * over), so the status can reach Kafka after that output; handed to the pipeline then, the
 * {@code started} would reset the parser state the first output began (iperf3's direction,
 * for one). So an output message with {@code seq} 0 of a stream the gate does not know (no
 * {@code started}, no output handed on since its last {@code finished}) waits, and every output
 * of the stream after it with it, until the {@code started} comes or the hold runs out. Output
 * without a {@code seq} never waits. One gate per partition, used on the processor's context only.
 *
 * @param <T> what a waiting message carries (the record to hand on)
 */
final class StartGate<T> {
  /** A stream's output messages that wait for its {@code started}, in arrival order. */
  record Waiting<T>(String stream, List<T> items) {}

  /** Streams with a {@code started} or an output handed on since their last {@code finished}. */
  private final Set<String> known = new HashSet<>();
  private final Map<String, Waiting<T>> waiting = new HashMap<>();

  /**
   * An output message with {@code seq} (at least 0) arrived.
   *
   * @return null when it may go on now; else the stream's waiting messages, this one last (a new
   *     one when {@code items().size() == 1}: the caller starts its hold)
   */
  Waiting<T> hold(String stream, long seq, T item) {
    Waiting<T> w = waiting.get(stream);
    if (w != null) {
      w.items().add(item);
      return w;
    }
    if (seq != 0 || known.contains(stream)) {
      return null;
    }
    w = new Waiting<>(stream, new ArrayList<>(List.of(item)));
    waiting.put(stream, w);
    return w;
  }

  /** Whether output messages of the stream wait for its {@code started}. */
  boolean waits(String stream) {
    return waiting.containsKey(stream);
  }

  /** The stream's {@code started} was handed on: returns what waited for it, in arrival order. */
  List<T> started(String stream) {
    known.add(stream);
    Waiting<T> w = waiting.remove(stream);
    return w == null ? List.of() : w.items();
  }

  /** An output message of the stream was handed on. */
  void handed(String stream) {
    known.add(stream);
  }

  /** The stream's {@code finished} was handed on: a next run of it starts with a {@code started} again. */
  void finished(String stream) {
    known.remove(stream);
  }

  /**
   * The hold of {@code w} ran out: returns its messages (to go on without a {@code started}) if
   * they still wait, else an empty list.
   */
  List<T> expire(Waiting<T> w) {
    if (waiting.get(w.stream()) != w) {
      return List.of();
    }
    waiting.remove(w.stream());
    known.add(w.stream());
    return w.items();
  }

  /** Forgets the streams not in {@code open} (gone idle); messages that wait stay until their hold ends. */
  void retainOnly(Set<String> open) {
    known.retainAll(open);
  }
}
