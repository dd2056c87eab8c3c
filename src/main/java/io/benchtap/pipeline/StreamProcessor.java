package io.benchtap.pipeline;

import io.benchtap.contract.Payload;
import io.benchtap.contract.Topic;
import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain-Java core of the pipeline: decodes one MQTT message, keeps per-stream parser state,
 * and returns the measurements and lifecycle events it produced. One instance serves a fixed
 * subset of streams (chosen by the hash of the stream key) and is used by one thread at a time,
 * so the lines of a stream are always parsed in order.
 *
 * <p>Failure contract: {@link #process} never throws. Bad input is counted through the
 * {@link PipelineObserver} and produces no output.
 */
public final class StreamProcessor {
  private final ParserRegistry parsers;
  private final PipelineConfig config;
  private final PipelineObserver observer;
  private final String prefix;
  private final Map<StreamKey, StreamState> streams = new HashMap<>();
  /**
   * Set by {@link #recovered(Map, int, Instant, boolean)} with {@code replay}: a {@code started}
   * status read again keeps the recovered marks of its stream (they are of that run, read again
   * after it) instead of forgetting them.
   */
  private boolean replay;
  /**
   * Topics parsed before (a topic is a stream's output or status, parsed for every message
   * otherwise: 3.5 % of the CPU time of a backlog drain). Bounded: cleared when full.
   */
  private final Map<String, Topic> topics = new HashMap<>();
  private static final int TOPIC_CACHE = 16_384;

  /** A message that arrived ahead of an earlier {@code seq} of its stream. */
  private record Held(Payload payload, Instant arrival, Object token, int heldBy) {}

  /** Per-stream state. */
  private static final class StreamState {
    StreamParser parser;
    String net = "unknown";
    Instant lastSeen;
    final SeqWindow seen = new SeqWindow();
    /** The {@code seq} expected next (one above the highest processed), -1 before the first. */
    long next = -1;
    /** Messages waiting for an earlier {@code seq}, by {@code seq}; null when none. */
    java.util.TreeMap<Long, Held> held;
    /**
     * Messages written before a restart to some durable sinks but not all (bit i: the i-th),
     * by {@code seq}: when they come again they go only to the others. Null when none.
     */
    Map<Long, Integer> partlyHeld;
    /** A message whose lines are being parsed over several turns; null when none. */
    Slice slice;
    /** Messages of the stream that arrived while {@link #slice} was parsed, in order; null when none. */
    java.util.ArrayDeque<Deferred> behind;

    boolean busy() {
      return slice != null || (behind != null && !behind.isEmpty());
    }
    boolean ended;
    boolean failed;
  }

  /**
   * A message with more than {@link #SLICE_LINES} lines, parsed {@code SLICE_LINES} lines per
   * turn of the event loop so that other streams of the worker are not stalled; what it produces
   * is collected here and handed on whole when its last line is parsed (with its mark).
   */
  private static final class Slice {
    final Payload payload;
    final Instant arrival;
    final Object token;
    final int heldBy;
    final List<Measurement> out = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    int next;

    Slice(Payload payload, Instant arrival, Object token, int heldBy) {
      this.payload = payload;
      this.arrival = arrival;
      this.token = token;
      this.heldBy = heldBy;
    }
  }

  /** A message that waits for the stream's slice in progress. */
  private record Deferred(Topic topic, String name, byte[] payload, Instant arrival, Object token) {}

  /** Lines parsed per turn of the event loop, over all streams with a slice in progress. */
  static final int SLICE_LINES = 4096;

  /** Streams with a slice in progress, in the order they began. */
  private final java.util.LinkedHashSet<StreamKey> slicing = new java.util.LinkedHashSet<>();

  /** What one call produced, messages released from the hold included. */
  private static final class Acc {
    final List<Measurement> out = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    final List<Object> released = new ArrayList<>();
    List<Outcome.Dup> dups = List.of();
    List<Mark> marks = List.of();
    List<Outcome.Skip> skips = List.of();
    /** The message of this call waits (for an earlier seq, or for the stream's slice in progress). */
    boolean selfHeld;
    /** The mark of the message of this call, when it has one. */
    Mark self;

    void mark(Mark m) {
      if (marks.isEmpty()) {
        marks = new ArrayList<>(2);
      }
      marks.add(m);
    }

    void skip(Outcome.Skip s) {
      if (skips.isEmpty()) {
        skips = new ArrayList<>(1);
      }
      skips.add(s);
    }

    Outcome outcome() {
      if (out.isEmpty() && events.isEmpty() && released.isEmpty() && dups.isEmpty()) {
        return selfHeld ? Outcome.held(self) : Outcome.EMPTY;
      }
      return new Outcome(out, events, released, selfHeld, marks, skips, self, false, dups);
    }

    /** Adds another call's outcome; {@code token} is that call's message, done unless it waits. */
    void merge(Outcome o, Object token) {
      int outShift = out.size();
      int eventShift = events.size();
      out.addAll(o.measurements());
      events.addAll(o.events());
      released.addAll(o.released());
      if (!o.releasedDuplicates().isEmpty()) {
        if (dups.isEmpty()) {
          dups = new ArrayList<>();
        }
        dups.addAll(o.releasedDuplicates());
      }
      o.marks().forEach(this::mark);
      for (Outcome.Skip k : o.skips()) {
        skip(new Outcome.Skip(k.sinks(), k.mark(), k.fromOut() + outShift, k.toOut() + outShift,
            k.fromEvent() + eventShift, k.toEvent() + eventShift));
      }
      if (o.duplicate() && token != null) {
        if (dups.isEmpty()) {
          dups = new ArrayList<>();
        }
        dups.add(new Outcome.Dup(token, o.self()));
      } else if (!o.held() && token != null) {
        released.add(token);
      }
    }
  }

  /** Streams that hold messages now, and how many messages they hold together. */
  private final java.util.Set<StreamKey> holding = new java.util.HashSet<>();
  private int heldCount;

  public StreamProcessor(ParserRegistry parsers, PipelineConfig config, String topicPrefix, PipelineObserver observer) {
    this.parsers = parsers;
    this.config = config;
    this.prefix = topicPrefix;
    this.observer = observer;
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
    Topic t = topics.get(topic);
    if (t == null) {
      t = Topic.parse(prefix, topic);
      if (topics.size() >= TOPIC_CACHE) {
        topics.clear();
      }
      topics.put(topic, t);
    }
    if (payload.length > config.maxMessageBytes()) {
      observer.message(kind(t), payload.length);
      observer.rejected("too_large", topic + ": " + payload.length + " bytes > pipeline.maxMessageBytes " + config.maxMessageBytes());
      return Outcome.EMPTY;
    }
    observer.message(kind(t), payload.length);
    return dispatch(t, topic, payload, arrival, token);
  }

  private Outcome dispatch(Topic t, String topic, byte[] payload, Instant arrival, Object token) {
    try {
      StreamKey key = t instanceof Topic.Output o ? o.key() : t instanceof Topic.Status s ? s.key() : null;
      if (key != null && token != null) {
        StreamState st = streams.get(key);
        if (st != null && st.busy()) {
          // Order within the stream: wait for the message being parsed in slices.
          if (st.behind == null) {
            st.behind = new java.util.ArrayDeque<>();
          }
          st.behind.add(new Deferred(t, topic, payload, arrival, token));
          return Outcome.HELD;
        }
      }
      if (t instanceof Topic.Output o) {
        return output(o.key(), payload, arrival, token);
      } else if (t instanceof Topic.Status s) {
        return status(s.key(), payload, arrival);
      } else if (t instanceof Topic.Agent a) {
        return agent(a.device(), payload);
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
    StreamState st = state(key, tool.get(), arrival, null);
    Acc acc = new Acc();
    boolean slice = token != null && p.lines().size() > SLICE_LINES;
    if (p.seq().isEmpty()) {
      if (slice) {
        startSlice(key, st, p, arrival, token, 0);
        acc.selfHeld = true;
      } else {
        parse(key, st, p, arrival, acc);
      }
      return acc.outcome();
    }
    long seq = p.seq().getAsLong();
    Mark self = new Mark(key, seq);
    if (!st.seen.firstTime(seq)) {
      observer.duplicate(key);
      return Outcome.duplicate(self);
    }
    acc.self = self;
    Integer partly = st.partlyHeld == null ? null : st.partlyHeld.remove(seq);
    int heldBy = partly == null ? 0 : partly;
    if (token != null && !config.reorderHold().isZero() && st.next >= 0 && seq > st.next
        && heldCount < config.reorderMaxHeldPerWorker()) {
      if (st.held == null) {
        st.held = new java.util.TreeMap<>();
      }
      st.held.put(seq, new Held(p, arrival, token, heldBy));
      heldCount++;
      holding.add(key);
      observer.held(key);
      return Outcome.held(self);
    }
    if (seq < st.next) {
      observer.late(key);
    }
    st.next = Math.max(st.next, after(seq));
    if (slice) {
      // Held messages that follow it are drained when its last slice is parsed.
      startSlice(key, st, p, arrival, token, heldBy);
      acc.selfHeld = true;
      return acc.outcome();
    }
    parse(key, st, p, arrival, acc, heldBy);
    drainInOrder(key, st, acc);
    return acc.outcome();
  }

  private void startSlice(StreamKey key, StreamState st, Payload p, Instant arrival, Object token, int heldBy) {
    st.slice = new Slice(p, arrival, token, heldBy);
    slicing.add(key);
    observer.lines(key.tool(), p.lines().size());
    observer.output(key);
  }

  /** Whether messages are being parsed in slices: call {@link #continueSlices} on a later turn. */
  public boolean hasSlices() {
    return !slicing.isEmpty();
  }

  /**
   * Parses the next {@link #SLICE_LINES} lines of the messages in progress, in turn. A message
   * whose last line is parsed comes out whole (measurements, events, mark, its token released),
   * followed by the held and waiting messages of its stream that can go on now.
   */
  public Outcome continueSlices() {
    Acc acc = new Acc();
    int budget = SLICE_LINES;
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
        sliceLines(key, st, sl, n);
      } catch (RuntimeException e) {
        observer.rejected("internal", key + ": " + e);
        sl.next = sl.payload.lines().size();
      }
      if (sl.next >= sl.payload.lines().size()) {
        finishSlice(key, st, sl, acc);
      }
    }
    return acc.outcome();
  }

  private void sliceLines(StreamKey key, StreamState st, Slice sl, int n) {
    Payload p = sl.payload;
    Instant time = p.deviceTime() != null ? p.deviceTime() : sl.arrival;
    TimeSource source = p.deviceTime() != null ? TimeSource.DEVICE : TimeSource.ARRIVAL;
    int outBefore = sl.out.size();
    int eventsBefore = sl.events.size();
    Collector c = new Collector(key, st.net, time, source, sl.out, sl.events);
    List<String> lines = p.lines();
    int end = sl.next + n;
    for (int i = sl.next; i < end; i++) {
      sl.next = i + 1;
      st.parser.line(lines.get(i), c);
    }
    if (sl.events.size() > eventsBefore) {
      st.failed = true;
    }
    observer.measurements(key.tool(), sl.out.size() - outBefore);
    st.lastSeen = sl.arrival;
  }

  private void finishSlice(StreamKey key, StreamState st, Slice sl, Acc acc) {
    st.slice = null;
    slicing.remove(key);
    int outStart = acc.out.size();
    int eventStart = acc.events.size();
    acc.out.addAll(sl.out);
    acc.events.addAll(sl.events);
    if (sl.payload.seq().isPresent()) {
      Mark mark = new Mark(key, sl.payload.seq().getAsLong());
      acc.mark(mark);
      if (sl.heldBy != 0) {
        acc.skip(new Outcome.Skip(sl.heldBy, mark, outStart, acc.out.size(), eventStart, acc.events.size()));
      }
    }
    acc.released.add(sl.token);
    drainInOrder(key, st, acc);
    while (st.slice == null && st.behind != null && !st.behind.isEmpty()) {
      Deferred d = st.behind.poll();
      acc.merge(dispatch(d.topic(), d.name(), d.payload(), d.arrival(), d.token()), d.token());
    }
    if (st.behind != null && st.behind.isEmpty()) {
      st.behind = null;
    }
  }

  /** Parses one message without a header (no mark) into {@code acc}. */
  private void parse(StreamKey key, StreamState st, Payload p, Instant arrival, Acc acc) {
    parse(key, st, p, arrival, acc, 0);
  }

  /**
   * Parses one message's lines into {@code acc}, with its mark when it has a {@code seq};
   * {@code heldBy} names the durable sinks that already hold it (written before a restart).
   */
  private void parse(StreamKey key, StreamState st, Payload p, Instant arrival, Acc acc, int heldBy) {
    int outStart = acc.out.size();
    int eventStart = acc.events.size();
    parseLines(key, st, p, arrival, acc);
    if (p.seq().isPresent()) {
      Mark mark = new Mark(key, p.seq().getAsLong());
      acc.mark(mark);
      if (heldBy != 0) {
        acc.skip(new Outcome.Skip(heldBy, mark, outStart, acc.out.size(), eventStart, acc.events.size()));
      }
    }
  }

  private void parseLines(StreamKey key, StreamState st, Payload p, Instant arrival, Acc acc) {
    Instant time = p.deviceTime() != null ? p.deviceTime() : arrival;
    TimeSource source = p.deviceTime() != null ? TimeSource.DEVICE : TimeSource.ARRIVAL;
    int outBefore = acc.out.size();
    int eventsBefore = acc.events.size();
    Collector c = new Collector(key, st.net, time, source, acc.out, acc.events);
    observer.lines(key.tool(), p.lines().size());
    observer.output(key);
    for (String line : p.lines()) {
      st.parser.line(line, c);
    }
    if (acc.events.size() > eventsBefore) {
      st.failed = true;
    }
    observer.measurements(key.tool(), acc.out.size() - outBefore);
  }

  /** Processes held messages as long as the next one is the {@code seq} expected. */
  private void drainInOrder(StreamKey key, StreamState st, Acc acc) {
    while (st.slice == null && st.held != null && !st.held.isEmpty() && st.held.firstKey() <= st.next) {
      release(key, st, st.held.pollFirstEntry(), acc);
    }
    if (st.held != null && st.held.isEmpty()) {
      st.held = null;
      holding.remove(key);
    }
  }

  /** Stops waiting: processes every held message of the stream in {@code seq} order. */
  private void releaseAll(StreamKey key, StreamState st, Acc acc) {
    while (st.held != null && !st.held.isEmpty()) {
      Map.Entry<Long, Held> first = st.held.pollFirstEntry();
      if (first.getKey() > st.next) {
        observer.gapSkipped(key, first.getKey() - st.next);
      }
      release(key, st, first, acc);
    }
    st.held = null;
    holding.remove(key);
  }

  private void release(StreamKey key, StreamState st, Map.Entry<Long, Held> e, Acc acc) {
    Held h = e.getValue();
    heldCount--;
    try {
      parse(key, st, h.payload(), h.arrival(), acc, h.heldBy());
    } catch (RuntimeException ex) {
      observer.rejected("internal", key + ": " + ex);
    }
    st.next = Math.max(st.next, after(e.getKey()));
    acc.released.add(h.token());
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
    Acc acc = new Acc();
    for (StreamKey key : List.copyOf(holding)) {
      StreamState st = streams.get(key);
      if (st == null || st.held == null) {
        holding.remove(key);
        continue;
      }
      if (st.slice != null) {
        // Drained in order when the slice in progress ends.
        continue;
      }
      Instant oldest = Instant.MAX;
      for (Held h : st.held.values()) {
        if (h.arrival().isBefore(oldest)) {
          oldest = h.arrival();
        }
      }
      if (!oldest.isAfter(due)) {
        releaseAll(key, st, acc);
      }
    }
    return acc.outcome();
  }

  /** Messages held now, over all streams. */
  public int heldMessages() {
    return heldCount;
  }

  private Outcome status(StreamKey key, byte[] bytes, Instant arrival) throws Payload.Rejected {
    Optional<ToolParser> tool = parsers.find(key.tool());
    if (tool.isEmpty()) {
      observer.rejected("unknown_tool", "no parser for tool '" + abbreviate(key.tool()) + "'");
      return Outcome.EMPTY;
    }
    StatusEvent ev;
    try {
      ev = StatusEvent.decode(Payload.utf8(bytes));
    } catch (IllegalArgumentException e) {
      observer.rejected("bad_status", key + ": " + e.getMessage());
      return Outcome.EMPTY;
    }
    Instant time = ev.time() != null ? ev.time() : arrival;
    Acc acc = new Acc();
    StreamState waiting = streams.get(key);
    if (waiting != null && waiting.held != null) {
      // Lines held for a gap come before the status that ends or restarts their stream.
      releaseAll(key, waiting, acc);
    }
    List<Measurement> out = acc.out;
    List<RunEvent> events = acc.events;
    int outBefore = out.size();
    int eventsBefore = events.size();
    if (ev.event().equals("started")) {
      StreamState old = streams.remove(key);
      if (old != null && !old.ended && old.parser != null) {
        Collector c = new Collector(key, old.net, time, TimeSource.ARRIVAL);
        old.parser.end(c);
        out.addAll(c.out);
      }
      StreamState st = state(key, tool.get(), arrival, StreamContext.ofCommand(ev.command()));
      if (replay && old != null && old.partlyHeld != null) {
        st.partlyHeld = old.partlyHeld;
      }
      if (ev.net() != null) {
        st.net = ev.net();
      }
      events.add(new RunEvent(time, key, st.net, RunEvent.Type.STARTED, ev.command(), ev.version(), ev.instances(),
          null, Double.NaN, null, ev.labels()));
    } else {
      StreamState st = state(key, tool.get(), arrival, null);
      Collector c = new Collector(key, st.net, time, ev.time() != null ? TimeSource.DEVICE : TimeSource.ARRIVAL);
      if (!st.ended) {
        st.parser.end(c);
        st.ended = true;
      }
      out.addAll(c.out);
      events.addAll(c.events);
      // The parser's own run_failed events were observed by the collector already.
      eventsBefore = events.size();
      int code = ev.exitCode() == null ? 0 : ev.exitCode();
      events.add(new RunEvent(time, key, st.net, RunEvent.Type.FINISHED, null, null, ev.instances(), code,
          ev.durationSeconds(), null, Map.of()));
      if (code != 0 && c.events.isEmpty() && !st.failed) {
        events.add(new RunEvent(time, key, st.net, RunEvent.Type.FAILED, null, null, ev.instances(), code,
            ev.durationSeconds(), "exit code " + code, Map.of()));
      }
    }
    // What the released lines and the parser produced was observed already; observe the rest.
    events.subList(eventsBefore, events.size()).forEach(observer::runEvent);
    observer.measurements(key.tool(), out.size() - outBefore);
    return acc.outcome();
  }

  private Outcome agent(String device, byte[] bytes) throws Payload.Rejected {
    String text = Payload.utf8(bytes).trim();
    String state = text;
    if (text.startsWith("{")) {
      try {
        state = new io.vertx.core.json.JsonObject(text).getString("state", "");
      } catch (RuntimeException e) {
        state = "";
      }
    }
    switch (state) {
      case "online" -> observer.agentState(device, true);
      case "offline" -> observer.agentState(device, false);
      default -> observer.rejected("bad_agent_state", device + ": agent state must be online or offline");
    }
    return Outcome.EMPTY;
  }

  private StreamState state(StreamKey key, ToolParser tool, Instant now, StreamContext context) {
    StreamState st = streams.get(key);
    if (st == null) {
      st = new StreamState();
      streams.put(key, st);
      observer.openStreams(streams.size());
    }
    if (st.parser == null) {
      st.parser = tool.newStream(context == null ? StreamContext.EMPTY : context);
    }
    st.lastSeen = now;
    return st;
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
    this.replay |= replay;
    for (Map.Entry<Mark, Integer> e : heldBy.entrySet()) {
      StreamKey key = e.getKey().stream();
      StreamState st = streams.get(key);
      if (st == null) {
        st = new StreamState();
        st.lastSeen = now;
        streams.put(key, st);
      }
      if (!replay && (e.getValue() & all) == all) {
        st.seen.firstTime(e.getKey().seq());
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
    Acc acc = new Acc();
    if (idleBefore.equals(Instant.MAX)) {
      // Shutting down: parse what is left of messages in progress first, in one go.
      while (hasSlices()) {
        acc.merge(continueSlices(), null);
      }
    }
    List<Measurement> out = acc.out;
    List<RunEvent> events = acc.events;
    Iterator<Map.Entry<StreamKey, StreamState>> it = streams.entrySet().iterator();
    boolean removed = false;
    while (it.hasNext()) {
      Map.Entry<StreamKey, StreamState> e = it.next();
      StreamState st = e.getValue();
      if (st.lastSeen.isBefore(idleBefore) && !st.busy()) {
        if (st.held != null) {
          releaseAll(e.getKey(), st, acc);
        }
        if (!st.ended && st.parser != null) {
          Collector c = new Collector(e.getKey(), st.net, now, TimeSource.ARRIVAL);
          try {
            st.parser.end(c);
          } catch (RuntimeException ex) {
            observer.rejected("internal", e.getKey() + ": " + ex);
          }
          out.addAll(c.out);
          events.addAll(c.events);
        }
        it.remove();
        removed = true;
      }
    }
    if (removed) {
      observer.openStreams(streams.size());
    }
    return acc.outcome();
  }

  /** The seq expected after {@code seq} (saturating: Long.MAX_VALUE is the last). */
  private static long after(long seq) {
    return seq == Long.MAX_VALUE ? seq : seq + 1;
  }

  /** Number of streams with parser state. */
  public int openStreams() {
    return streams.size();
  }

  private static String kind(Topic t) {
    if (t instanceof Topic.Output) {
      return "out";
    } else if (t instanceof Topic.Status) {
      return "status";
    } else if (t instanceof Topic.Agent) {
      return "agent";
    } else if (t instanceof Topic.Alerts) {
      return "alerts";
    }
    return "unknown";
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 120 ? clean : clean.substring(0, 117) + "...";
  }

  /** Collects one message's samples as measurements. */
  private final class Collector implements ParseSink {
    final StreamKey key;
    final String net;
    final Instant time;
    final TimeSource source;
    final List<Measurement> out;
    final List<RunEvent> events;
    private final String[] why = new String[1];

    Collector(StreamKey key, String net, Instant time, TimeSource source) {
      this(key, net, time, source, new ArrayList<>(), new ArrayList<>());
    }

    /** Collects into the given lists (one message's parse appends to its outcome directly). */
    Collector(StreamKey key, String net, Instant time, TimeSource source, List<Measurement> out, List<RunEvent> events) {
      this.key = key;
      this.net = net;
      this.time = time;
      this.source = source;
      this.out = out;
      this.events = events;
    }

    @Override
    public void sample(Sample sample) {
      Measurement m = Normalizer.normalize(key, net, sample, time, source, why);
      if (m == null) {
        observer.invalidSample(key.tool(), why[0]);
      } else {
        out.add(m);
      }
    }

    @Override
    public void unparsed(String line, String reason) {
      observer.unparsed(key, line, reason);
    }

    @Override
    public void runFailed(String reason) {
      RunEvent ev = new RunEvent(time, key, net, RunEvent.Type.FAILED, null, null, 0, null, Double.NaN, reason, Map.of());
      events.add(ev);
      observer.runEvent(ev);
    }
  }
}
