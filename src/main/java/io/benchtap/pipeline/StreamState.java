package io.benchtap.pipeline;

import io.benchtap.parse.ToolParser;

import io.benchtap.contract.Payload;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.StreamParser;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * What a {@link StreamProcessor} keeps for one stream between its messages: the parser, the
 * network label of the run, when it was last heard of, its {@code seq} order, the redeliveries it
 * expects after a restart, and the long message parsed in slices with the messages waiting behind
 * it. Owned by a {@link StreamTable}; mutable, one thread.
 */
final class StreamState {
  /** A message that arrived ahead of an earlier {@code seq} of its stream. */
  record Held(Payload payload, Instant arrival, Object token, int heldBy) {}

  /**
   * A {@code finished} status that arrived before output messages it says came first (its
   * {@code seq}): it waits until the stream has processed up to {@code need - 1}, or until
   * {@code pipeline.reorderHoldMs} after {@code arrival}.
   */
  record WaitingFinished(StatusEvent event, ToolParser tool, Instant arrival, Object token, long need) {}

  final StreamKey key;
  final ReorderBuffer<Held> order;
  /** Null until the stream's first output or status (a stream known only from recovered marks). */
  StreamParser parser;
  String net = "unknown";
  Instant lastSeen;
  /**
   * Messages written before a restart to some durable sinks but not all (bit i: the i-th),
   * by {@code seq}: when they come again they go only to the others. Null when none.
   */
  Map<Long, Integer> partlyHeld;
  /** A message whose lines are being parsed over several turns; null when none. */
  Slices.Slice slice;
  /** Messages of the stream that arrived while {@link #slice} was parsed, in order; null when none. */
  ArrayDeque<Slices.Deferred> behind;
  /** The stream's {@code finished} waiting for its last output messages; null when none. */
  WaitingFinished finished;
  /** The parser was ended (a {@code finished} status): nothing more to flush. */
  boolean ended;
  /** A {@code started} status began this state (else its first output message did). */
  boolean started;
  /** The device time of the first output message parsed in this state; null when none had one. */
  Instant firstDeviceTime;
  /** The parser reported a failure: a non-zero exit code adds no second {@code run_failed}. */
  boolean failed;

  StreamState(StreamKey key, ReorderBuffer.Limit limit) {
    this.key = key;
    this.order = new ReorderBuffer<>(limit);
  }

  /**
   * Parses lines {@code [from, to)} of {@code p} with the stream's parser into {@code out} and
   * {@code events}, stamped with the message's device time, or else its arrival; a failure the
   * parser reports marks the stream failed. Counts the measurements produced.
   */
  void parse(Payload p, Instant arrival, int from, int to, List<Measurement> out, List<RunEvent> events,
      PipelineObserver observer) {
    boolean device = p.deviceTime() != null;
    if (device && firstDeviceTime == null) {
      firstDeviceTime = p.deviceTime();
    }
    int outBefore = out.size();
    int eventsBefore = events.size();
    StreamCollector c = new StreamCollector(key, net, device ? p.deviceTime() : arrival,
        device ? TimeSource.DEVICE : TimeSource.ARRIVAL, observer, out, events);
    List<String> lines = p.lines();
    for (int i = from; i < to; i++) {
      parser.line(lines.get(i), c);
    }
    if (events.size() > eventsBefore) {
      failed = true;
    }
    observer.measurements(key.tool(), out.size() - outBefore);
  }

  /** Whether a message of the stream is in progress, so later ones must wait behind it. */
  boolean busy() {
    return slice != null || (behind != null && !behind.isEmpty());
  }

  /** The durable sinks (bits) that hold {@code seq} of this stream already; forgets it. */
  int takeHeldBy(long seq) {
    Integer partly = partlyHeld == null ? null : partlyHeld.remove(seq);
    return partly == null ? 0 : partly;
  }
}
