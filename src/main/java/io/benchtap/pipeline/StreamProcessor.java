package io.benchtap.pipeline;

import io.benchtap.contract.Payload;
import io.benchtap.contract.Topic;
import io.benchtap.model.Mark;
import io.benchtap.model.StreamKey;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain-Java core of the pipeline: decodes one MQTT message, keeps per-stream parser state,
 * and returns the measurements and lifecycle events it produced. One instance serves a fixed
 * subset of streams (chosen by the hash of the stream key) and is used by one thread at a time,
 * so the lines of a stream are always parsed in order.
 *
 * <p>It routes each message by its topic and wires the parts that do the work: the
 * {@link StreamTable} (per-stream state, parser lifecycle, expiry), a stream's
 * {@link ReorderBuffer} ({@code seq} dedup and reorder hold), the {@link StatusHandler}
 * ({@code started}/{@code finished} and agent state), {@link Slices} (long messages parsed a part at
 * a time) and {@link OutcomeBuilder} (what one call produced, with the marks and skips of the
 * durable sinks).
 *
 * <p>Failure contract: {@link #process} never throws. Bad input is counted through the
 * {@link PipelineObserver} and produces no output.
 */
public final class StreamProcessor {
  /** Lines parsed per turn of the event loop, over all streams with a slice in progress. */
  static final int SLICE_LINES = Slices.LINES;

  private final ParserRegistry parsers;
  private final PipelineConfig config;
  private final PipelineObserver observer;
  private final TopicCache topics;
  /** See {@link #holdFinished}. */
  private boolean holdsFinished = true;
  private final ReorderBuffer.Limit holdLimit;
  private final StreamTable streams;
  private final StatusHandler status;
  private final Slices slices;
  /** Streams whose reorder buffer holds messages now. */
  private final Set<StreamKey> holding = new HashSet<>();

  public StreamProcessor(ParserRegistry parsers, PipelineConfig config, String topicPrefix, PipelineObserver observer) {
    this.parsers = parsers;
    this.config = config;
    this.observer = observer;
    this.topics = new TopicCache(topicPrefix);
    this.holdLimit = new ReorderBuffer.Limit(config.reorderMaxHeldPerWorker());
    this.streams = new StreamTable(holdLimit, observer);
    this.status = new StatusHandler(streams, observer);
    this.slices = new Slices(observer);
  }

  /**
   * Processes one message received at {@code arrival}, in arrival order (never holds it: for
   * offline use and tests).
   */
  public Outcome process(String topic, byte[] payload, Instant arrival) {
    return process(topic, payload, arrival, null);
  }

  /**
   * Processes one message received at {@code arrival}. With a {@code token} and
   * {@code pipeline.reorderHoldMs > 0}, an output message whose {@code seq} leaves a gap after
   * the stream's last one is held ({@link Outcome#HELD}) until the missing ones arrive or the hold
   * time is over ({@link #releaseOverdue}); the token comes back in the {@code released} list of
   * the outcome that processed it.
   */
  public Outcome process(String topic, byte[] payload, Instant arrival, Object token) {
    Topic t = topics.parse(topic);
    observer.message(TopicCache.kind(t), payload.length);
    if (payload.length > config.maxMessageBytes()) {
      observer.rejected("too_large", topic + ": " + payload.length + " bytes > pipeline.maxMessageBytes " + config.maxMessageBytes());
      return Outcome.EMPTY;
    }
    StreamKey key = t instanceof Topic.Output o ? o.key() : t instanceof Topic.Status s ? s.key() : null;
    if (key != null && token != null) {
      StreamState st = streams.get(key);
      if (st != null && st.busy()) {
        // Order within the stream: wait for the message being parsed in slices.
        Slices.defer(st, new Slices.Deferred(t, topic, payload, arrival, token));
        return Outcome.HELD;
      }
    }
    return route(t, topic, payload, arrival, token);
  }

  /** Hands a message to the part its topic names; counts what is refused, and any parser bug. */
  private Outcome route(Topic t, String topic, byte[] payload, Instant arrival, Object token) {
    try {
      if (t instanceof Topic.Output o) {
        return output(o.key(), payload, arrival, token);
      } else if (t instanceof Topic.Status s) {
        return status(s.key(), payload, arrival, token);
      } else if (t instanceof Topic.Agent a) {
        status.agent(a.device(), payload);
      } else if (t instanceof Topic.Unknown u) {
        observer.rejected("topic", "topic does not follow the contract (" + u.reason() + "): " + abbreviate(topic));
      }
      return Outcome.EMPTY;
    } catch (Payload.Rejected e) {
      observer.rejected(e.reason(), topic + ": " + e.getMessage());
      return Outcome.EMPTY;
    } catch (RuntimeException e) {
      // A parser bug must not take the pipeline down: count it and go on with the next message.
      observer.rejected("internal", topic + ": " + e);
      return Outcome.EMPTY;
    }
  }

  private Outcome output(StreamKey key, byte[] bytes, Instant arrival, Object token) throws Payload.Rejected {
    Optional<ToolParser> tool = parsers.find(key.tool());
    if (tool.isEmpty()) {
      observer.rejected("unknown_tool", "no parser for tool '" + abbreviate(key.tool()) + "' (known: " + parsers.tools() + ")");
      return Outcome.EMPTY;
    }
    Payload p = Payload.decode(bytes, config.maxLineBytes(),
        n -> observer.rejected("line_too_long", key + ": " + n + " line(s) longer than pipeline.maxLineBytes " + config.maxLineBytes()));
    StreamState st = streams.open(key, tool.get(), arrival, null);
    OutcomeBuilder acc = new OutcomeBuilder();
    boolean slice = Slices.needed(p, token);
    int heldBy = 0;
    if (p.seq().isPresent()) {
      long seq = p.seq().getAsLong();
      Mark self = new Mark(key, seq);
      if (!st.order.firstTime(seq)) {
        observer.duplicate(key);
        return Outcome.duplicate(self);
      }
      acc.self = self;
      heldBy = st.takeHeldBy(seq);
      boolean mayHold = token != null && !config.reorderHold().isZero();
      switch (st.order.admit(seq, new StreamState.Held(p, arrival, token, heldBy), arrival, mayHold)) {
        case HELD -> {
          holding.add(key);
          observer.held(key);
          return Outcome.held(self);
        }
        case LATE -> observer.late(key);
        case NOW -> { }
      }
    }
    if (slice) {
      // Held messages that follow it are released when its last slice is parsed.
      slices.start(key, st, p, arrival, token, heldBy);
      acc.selfHeld = true;
    } else {
      parse(st, p, arrival, heldBy, acc);
      if (p.seq().isPresent()) {
        releaseReady(st, acc);
        releaseFinished(st, acc, false);
      }
    }
    return acc.outcome();
  }

  /**
   * Parses one whole message into {@code acc}, with its mark when it has a {@code seq};
   * {@code heldBy} names the durable sinks that already hold it (written before a restart).
   */
  private void parse(StreamState st, Payload p, Instant arrival, int heldBy, OutcomeBuilder acc) {
    int outStart = acc.out.size();
    int eventStart = acc.events.size();
    observer.lines(st.key.tool(), p.lines().size());
    observer.output(st.key);
    st.parse(p, arrival, 0, p.lines().size(), acc.out, acc.events, observer);
    if (p.seq().isPresent()) {
      acc.marked(new Mark(st.key, p.seq().getAsLong()), heldBy, outStart, eventStart);
    }
  }

  /** Processes the stream's held messages that are next in {@code seq} order now. */
  private void releaseReady(StreamState st, OutcomeBuilder acc) {
    if (st.slice != null || !st.order.holding()) {
      return; // (with a slice in progress: released in order when it ends)
    }
    st.order.releaseReady((seq, held) -> release(st, held, acc));
    if (!st.order.holding()) {
      holding.remove(st.key);
    }
  }

  /** Stops waiting: processes every held message of the stream in {@code seq} order. */
  private void releaseAll(StreamState st, OutcomeBuilder acc) {
    st.order.releaseAll(new ReorderBuffer.Release<>() {
      @Override
      public void gap(long missing) {
        observer.gapSkipped(st.key, missing);
      }

      @Override
      public void release(long seq, StreamState.Held held) {
        StreamProcessor.this.release(st, held, acc);
      }
    });
    holding.remove(st.key);
  }

  private void release(StreamState st, StreamState.Held h, OutcomeBuilder acc) {
    try {
      parse(st, h.payload(), h.arrival(), h.heldBy(), acc);
    } catch (RuntimeException ex) {
      observer.rejected("internal", st.key + ": " + ex);
    }
    acc.released.add(h.token());
  }

  /** Whether messages are being parsed in slices: call {@link #continueSlices} on a later turn. */
  public boolean hasSlices() {
    return slices.active();
  }

  /**
   * Parses the next {@link #SLICE_LINES} lines of the messages in progress, in turn. A message
   * whose last line is parsed comes out whole (measurements, events, mark, its token released),
   * followed by the held and waiting messages of its stream that can go on now.
   */
  public Outcome continueSlices() {
    OutcomeBuilder acc = new OutcomeBuilder();
    slices.next(streams, (key, st, sl) -> finishSlice(st, sl, acc));
    return acc.outcome();
  }

  private void finishSlice(StreamState st, Slices.Slice sl, OutcomeBuilder acc) {
    int outStart = acc.out.size();
    int eventStart = acc.events.size();
    acc.out.addAll(sl.out);
    acc.events.addAll(sl.events);
    if (sl.payload.seq().isPresent()) {
      acc.marked(new Mark(st.key, sl.payload.seq().getAsLong()), sl.heldBy, outStart, eventStart);
    }
    acc.released.add(sl.token);
    releaseReady(st, acc);
    releaseFinished(st, acc, false);
    // The messages that waited behind it go on in order, until one of them is sliced in turn (the
    // rest wait behind that one).
    while (st.slice == null && st.behind != null && !st.behind.isEmpty()) {
      Slices.Deferred d = st.behind.poll();
      acc.merge(route(d.topic(), d.name(), d.payload(), d.arrival(), d.token()), d.token());
    }
    if (st.behind != null && st.behind.isEmpty()) {
      st.behind = null;
    }
  }

  /**
   * Gives up waiting for the gaps of streams whose oldest held message arrived longer than
   * {@code pipeline.reorderHoldMs} before {@code now}: their held messages are processed in
   * {@code seq} order. Called by the worker's timer.
   */
  public Outcome releaseOverdue(Instant now) {
    if (holding.isEmpty()) {
      return Outcome.EMPTY;
    }
    Instant due = now.minus(config.reorderHold());
    OutcomeBuilder acc = new OutcomeBuilder();
    for (StreamKey key : List.copyOf(holding)) {
      StreamState st = streams.get(key);
      if (st == null || (!st.order.holding() && st.finished == null)) {
        holding.remove(key);
      } else if (st.slice == null) {
        // (With a slice in progress they are released in order when it ends.)
        if (st.order.overdue(due)) {
          releaseAll(st, acc);
        }
        releaseFinished(st, acc, st.finished != null && !st.finished.arrival().isAfter(due));
      }
    }
    return acc.outcome();
  }

  /** Messages held now, over all streams. */
  public int heldMessages() {
    return holdLimit.held();
  }

  private Outcome status(StreamKey key, byte[] bytes, Instant arrival, Object token) throws Payload.Rejected {
    Optional<ToolParser> tool = parsers.find(key.tool());
    if (tool.isEmpty()) {
      observer.rejected("unknown_tool", "no parser for tool '" + abbreviate(key.tool()) + "'");
      return Outcome.EMPTY;
    }
    StatusEvent ev = status.decode(key, bytes);
    if (ev == null) {
      return Outcome.EMPTY;
    }
    OutcomeBuilder acc = new OutcomeBuilder();
    StreamState waiting = streams.get(key);
    if (waiting != null && waiting.finished != null) {
      // Another status of the stream: the one that waited goes first.
      releaseFinished(waiting, acc, true);
    }
    if (holdsFinished && token != null && !config.reorderHold().isZero() && ev.seq() > 0 && "finished".equals(ev.event())) {
      StreamState st = streams.open(key, tool.get(), arrival, null);
      if (st.order.expected() < ev.seq()) {
        // Output messages the device sent before it are still to come (a broker hands a queued
        // backlog over behind newer messages): it waits for them, like a message after a gap.
        st.finished = new StreamState.WaitingFinished(ev, tool.get(), arrival, token, ev.seq());
        holding.add(key);
        observer.held(key);
        acc.selfHeld = true;
        return acc.outcome();
      }
    }
    if (waiting != null && waiting.order.holding()) {
      // Lines held for a gap come before the status that ends or restarts their stream.
      releaseAll(waiting, acc);
    }
    status.apply(key, tool.get(), ev, arrival, acc);
    return acc.outcome();
  }

  /**
   * Handles the stream's waiting {@code finished} when the output messages before it have been
   * processed, or at once with {@code force} (its hold is over, another status came, the stream
   * closes): lines still held for a gap go first, then the status; its token is released.
   */
  private void releaseFinished(StreamState st, OutcomeBuilder acc, boolean force) {
    StreamState.WaitingFinished w = st.finished;
    if (w == null || st.slice != null || (!force && st.order.expected() < w.need())) {
      return;
    }
    st.finished = null;
    if (st.order.holding()) {
      releaseAll(st, acc);
    }
    try {
      status.apply(st.key, w.tool(), w.event(), w.arrival(), acc);
    } catch (RuntimeException ex) {
      observer.rejected("internal", st.key + ": " + ex);
    }
    acc.released.add(w.token());
  }

  /**
   * Whether a {@code finished} status with a {@code seq} waits for the output messages before it
   * (the default). A Kafka processor turns it off: its own gate hands a status on only after
   * those messages ({@code kafka/FinishedGate}), and a status must be handled within its own
   * record there (its mark is written with its output).
   */
  public void holdFinished(boolean hold) {
    this.holdsFinished = hold;
  }

  /**
   * Tells the processor which agent messages the durable sinks held when the process started
   * (read back from their files): bit i of a value is the i-th durable sink, {@code all} the bits
   * of all of them. A message that every durable sink holds is a redelivery when it comes again
   * and is dropped as a duplicate; one that only some hold is processed and then written only to
   * the others ({@link Outcome#skips()}). A {@code started} status of the stream forgets them.
   */
  public void recovered(Map<Mark, Integer> heldBy, int all, Instant now) {
    recovered(heldBy, all, now, false);
  }

  /**
   * As {@link #recovered(Map, int, Instant)}; with {@code replay} a message that every durable
   * sink holds is not dropped when it comes again but parsed again (its stream's parser state and
   * seq window are rebuilt from it) and written to the non-durable sinks only: how a Kafka
   * processor takes over a partition whose earlier records it reads again (docs/scale-out.md).
   */
  public void recovered(Map<Mark, Integer> heldBy, int all, Instant now, boolean replay) {
    streams.recovered(heldBy, all, now, replay);
  }

  /**
   * Closes streams idle for longer than the configured TTL: their parsers flush what they
   * buffered and their state is dropped, so memory stays flat over days of runs.
   */
  public Outcome expire(Instant now) {
    return close(now, now.minus(config.streamTtl()));
  }

  /** Closes every stream, flushing what parsers buffered (clean shutdown). */
  public Outcome closeAll(Instant now) {
    return close(now, Instant.MAX);
  }

  private Outcome close(Instant now, Instant idleBefore) {
    OutcomeBuilder acc = new OutcomeBuilder();
    if (idleBefore.equals(Instant.MAX)) {
      // Shutting down: parse what is left of messages in progress first, in one go.
      while (hasSlices()) {
        acc.merge(continueSlices(), null);
      }
    }
    streams.close(now, idleBefore, acc, (key, st) -> {
      if (st.finished != null) {
        releaseFinished(st, acc, true);
      }
      if (st.order.holding()) {
        releaseAll(st, acc);
      }
    });
    return acc.outcome();
  }

  /** Number of streams with parser state. */
  public int openStreams() {
    return streams.size();
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 120 ? clean : clean.substring(0, 117) + "...";
  }
}
