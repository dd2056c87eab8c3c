package io.benchtap.pipeline;

import io.benchtap.model.Mark;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The streams a worker knows and their lifecycle: a stream's state is created with its first
 * message (the parser from {@link ToolParser#newStream}), refreshed by every later one, and
 * dropped when it has been idle for the stream TTL or at shutdown, after its parser flushed what
 * it buffered; a {@code started} status replaces it ({@link #remove}, then {@link #open}). It also
 * seeds streams with what the durable sinks held before a restart ({@link #recovered}). The
 * number of open streams goes to the observer whenever it changes. Plain Java, one thread.
 */
final class StreamTable {
  /**
   * Set by {@link #recovered} with {@code replay} (a Kafka processor taking over a partition): a
   * {@code started} status read again keeps the recovered marks of its stream (they are of that
   * run, read again after it) instead of forgetting them ({@link #keepsMarksOnRestart}).
   */
  private boolean replay;

  private final Map<StreamKey, StreamState> streams = new HashMap<>();
  private final ReorderBuffer.Limit holdLimit;
  private final PipelineObserver observer;

  /** {@code holdLimit} is shared by the {@link ReorderBuffer}s of every stream of the table. */
  StreamTable(ReorderBuffer.Limit holdLimit, PipelineObserver observer) {
    this.holdLimit = holdLimit;
    this.observer = observer;
  }

  /** The stream's state, or null when it has none. */
  StreamState get(StreamKey key) {
    return streams.get(key);
  }

  /**
   * The stream's state, created when new (with a parser of {@code tool} for {@code context},
   * {@link StreamContext#EMPTY} when null, also for a stream known only from recovered marks),
   * heard of at {@code now}.
   */
  StreamState open(StreamKey key, ToolParser tool, Instant now, StreamContext context) {
    StreamState st = streams.get(key);
    if (st == null) {
      st = new StreamState(key, holdLimit);
      streams.put(key, st);
      observer.openStreams(streams.size());
    }
    if (st.parser == null) {
      st.parser = tool.newStream(context == null ? StreamContext.EMPTY : context);
    }
    st.lastSeen = now;
    return st;
  }

  /** Forgets the stream (a new run of it starts); its parser is the caller's to end. */
  StreamState remove(StreamKey key) {
    return streams.remove(key);
  }

  /**
   * Seeds the streams with the agent messages the durable sinks held at start-up, each with the
   * bits of the sinks that hold it ({@code all}: every durable sink). One that every sink holds
   * counts as seen, so its redelivery is a duplicate, unless {@code replay}: then, like one that
   * only some sinks hold, it is parsed again when it comes and written only to the sinks without
   * it ({@link StreamState#takeHeldBy}).
   */
  void recovered(Map<Mark, Integer> heldBy, int all, Instant now, boolean replay) {
    this.replay |= replay;
    for (Map.Entry<Mark, Integer> e : heldBy.entrySet()) {
      StreamKey key = e.getKey().stream();
      StreamState st = streams.get(key);
      if (st == null) {
        st = new StreamState(key, holdLimit);
        st.lastSeen = now;
        streams.put(key, st);
      }
      if (!replay && (e.getValue() & all) == all) {
        st.order.firstTime(e.getKey().seq());
      } else {
        if (st.partlyHeld == null) {
          st.partlyHeld = new HashMap<>();
        }
        st.partlyHeld.put(e.getKey().seq(), e.getValue() & all);
      }
    }
    observer.openStreams(streams.size());
  }

  /**
   * Closes the streams last heard of before {@code idleBefore} that have no message in progress:
   * {@code beforeEnd} gets each first (to release what it held), then its parser, unless already
   * ended, flushes into {@code acc} at {@code now}, and its state is dropped.
   */
  void close(Instant now, Instant idleBefore, OutcomeBuilder acc, BiConsumer<StreamKey, StreamState> beforeEnd) {
    Iterator<Map.Entry<StreamKey, StreamState>> it = streams.entrySet().iterator();
    boolean removed = false;
    while (it.hasNext()) {
      Map.Entry<StreamKey, StreamState> e = it.next();
      StreamState st = e.getValue();
      if (st.lastSeen.isBefore(idleBefore) && !st.busy()) {
        beforeEnd.accept(e.getKey(), st);
        if (!st.ended && st.parser != null) {
          StreamCollector c = new StreamCollector(e.getKey(), st.net, now, TimeSource.ARRIVAL, observer, acc.out, acc.events);
          try {
            st.parser.end(c);
          } catch (RuntimeException ex) {
            observer.rejected("internal", e.getKey() + ": " + ex);
          }
        }
        it.remove();
        removed = true;
      }
    }
    if (removed) {
      observer.openStreams(streams.size());
    }
  }

  /** Number of streams with state. */
  int size() {
    return streams.size();
  }

  /** Whether a {@code started} read again keeps its stream's recovered marks (see {@link #recovered}). */
  boolean keepsMarksOnRestart() {
    return replay;
  }
}
