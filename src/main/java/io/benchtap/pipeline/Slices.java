package io.benchtap.pipeline;

import io.benchtap.contract.Payload;
import io.benchtap.contract.Topic;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Messages of more than {@link #LINES} lines, parsed {@code LINES} lines per turn of the event
 * loop over all of them, so that the other streams of a worker are not stalled behind a
 * million-line message. What a message produces is collected in its {@link Slice} and handed on
 * whole when its last line is parsed; the later messages of its stream wait behind it
 * ({@link #defer}). Plain Java, one thread.
 */
final class Slices {
  /** Lines parsed per turn of the event loop, over all streams with a slice in progress. */
  static final int LINES = 4096;

  /** A message being parsed a slice at a time, and what it produced so far. */
  static final class Slice {
    final Payload payload;
    final Instant arrival;
    final Object token;
    /** The durable sinks that hold this message already (bits; written before a restart). */
    final int heldBy;
    final List<Measurement> out = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    /** Index of the next line to parse. */
    int next;

    Slice(Payload payload, Instant arrival, Object token, int heldBy) {
      this.payload = payload;
      this.arrival = arrival;
      this.token = token;
      this.heldBy = heldBy;
    }

    boolean done() {
      return next >= payload.lines().size();
    }
  }

  /** A message that waits for the stream's slice in progress. */
  record Deferred(Topic topic, String name, byte[] payload, Instant arrival, Object token) {}

  /** Receives a message whose last line was parsed (its stream's slice is cleared already). */
  interface Finished {
    void finished(StreamKey key, StreamState st, Slice slice);
  }

  private final PipelineObserver observer;
  /** Streams with a slice in progress, in the order they began. */
  private final LinkedHashSet<StreamKey> slicing = new LinkedHashSet<>();

  Slices(PipelineObserver observer) {
    this.observer = observer;
  }

  /** Whether a message needs slicing: more than {@link #LINES} lines, and a caller that can wait. */
  static boolean needed(Payload p, Object token) {
    return token != null && p.lines().size() > LINES;
  }

  /** Starts parsing {@code p} of {@code key} a slice at a time; its lines are counted now. */
  void start(StreamKey key, StreamState st, Payload p, Instant arrival, Object token, int heldBy) {
    st.slice = new Slice(p, arrival, token, heldBy);
    slicing.add(key);
    observer.lines(key.tool(), p.lines().size());
    observer.output(key);
  }

  /** Queues a message of a stream that is {@link StreamState#busy()} behind what it parses. */
  static void defer(StreamState st, Deferred d) {
    if (st.behind == null) {
      st.behind = new ArrayDeque<>();
    }
    st.behind.add(d);
  }

  /** Whether messages are being parsed in slices. */
  boolean active() {
    return !slicing.isEmpty();
  }

  /**
   * Parses the next {@link #LINES} lines of the messages in progress, in the order they began;
   * each message whose last line is parsed goes to {@code done}. A parser that throws ends its
   * message there (counted as {@code internal}).
   */
  void next(StreamTable streams, Finished done) {
    int budget = LINES;
    for (StreamKey key : List.copyOf(slicing)) {
      if (budget <= 0) {
        break;
      }
      StreamState st = streams.get(key);
      Slice sl = st == null ? null : st.slice;
      if (sl == null) {
        slicing.remove(key);
        continue;
      }
      int n = Math.min(budget, sl.payload.lines().size() - sl.next);
      budget -= n;
      try {
        parse(st, sl, n);
      } catch (RuntimeException e) {
        observer.rejected("internal", key + ": " + e);
        sl.next = sl.payload.lines().size();
      }
      if (sl.done()) {
        st.slice = null;
        slicing.remove(key);
        done.finished(key, st, sl);
      }
    }
  }

  private void parse(StreamState st, Slice sl, int n) {
    int from = sl.next;
    sl.next = from + n;
    st.parse(sl.payload, sl.arrival, from, from + n, sl.out, sl.events, observer);
    st.lastSeen = sl.arrival;
  }
}
