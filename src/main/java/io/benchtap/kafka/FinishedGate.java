package io.benchtap.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps a {@code finished} status behind the output messages that came before it on the device.
 * A bridge that restarts gets its session's queued backlog from Mosquitto behind newer messages,
 * so a stream's {@code finished} can reach Kafka before some of its output lines; handed to the
 * pipeline at once it would flush the parser before those lines (their summary values then
 * follow the run's end, or are lost). The agent says in the status how many output messages came
 * before it ({@code "seq": N}: seq 0 .. N-1, docs/mqtt-contract.md); the gate counts the seqs of
 * each stream handed on, and a {@code finished} whose N is not reached yet waits here until it
 * is, or until the hold runs out. One gate per partition, used on the processor's context only.
 *
 * @param <T> what a waiting status carries (the record to hand on)
 */
final class FinishedGate<T> {
  /** A stream's handed seqs: all below {@code below}, and those in {@code above}. */
  private static final class Seen {
    long below;
    final TreeSet<Long> above = new TreeSet<>();
    Waiting<?> waiting;

    void add(long seq) {
      if (seq < below) {
        return;
      }
      above.add(seq);
      while (!above.isEmpty() && above.first() == below) {
        above.pollFirst();
        below++;
      }
    }
  }

  /** A {@code finished} waiting for seqs below {@code need}. */
  record Waiting<T>(String stream, long need, T item) {}

  private final Map<String, Seen> streams = new HashMap<>();

  /** A {@code started}: the stream begins (again); what it saw before is of an earlier run. */
  void started(String stream) {
    streams.remove(stream);
  }

  /**
   * An output message with {@code seq} was handed on.
   *
   * @return the stream's waiting {@code finished} if it may go now, else null
   */
  @SuppressWarnings("unchecked")
  Waiting<T> saw(String stream, long seq) {
    Seen s = streams.computeIfAbsent(stream, k -> new Seen());
    s.add(seq);
    if (s.waiting != null && s.below >= s.waiting.need()) {
      Waiting<T> w = (Waiting<T>) s.waiting;
      streams.remove(stream);
      return w;
    }
    return null;
  }

  /**
   * A {@code finished} that says {@code need} output messages came before it.
   *
   * @return null when it may go now (the gate forgets the stream); else what now waits, for
   *     {@link #expire} when the hold runs out
   */
  Waiting<T> hold(String stream, long need, T item) {
    Seen s = streams.get(stream);
    if (need <= (s == null ? 0 : s.below)) {
      streams.remove(stream);
      return null;
    }
    if (s == null) {
      s = new Seen();
      streams.put(stream, s);
    }
    Waiting<T> w = new Waiting<>(stream, need, item);
    s.waiting = w;
    return w;
  }

  /** Forgets the streams not in {@code open} (gone idle without a {@code finished}). */
  void retainOnly(java.util.Set<String> open) {
    streams.keySet().retainAll(open);
  }

  /** Takes the stream's waiting status if it is {@code w} (not handed on by {@link #saw} meanwhile). */
  boolean expire(Waiting<T> w) {
    Seen s = streams.get(w.stream());
    if (s != null && s.waiting == w) {
      streams.remove(w.stream());
      return true;
    }
    return false;
  }

  /** Streams the gate tracks (for tests). */
  int streams() {
    return streams.size();
  }
}
