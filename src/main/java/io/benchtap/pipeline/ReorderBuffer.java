package io.benchtap.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code seq} order of one stream's agent messages: drops redeliveries (a {@link SeqWindow}),
 * holds a message that arrives ahead of a gap until the gap fills, releases held messages in
 * {@code seq} order, and says how many numbers were given up when it stops waiting.
 *
 * <p>A broker may hand a subscriber a newer message of a topic before older queued ones
 * (Mosquitto 2.0.11 does so with a backlog), so holding puts them back in order; a held message
 * occupies a slot of the broker's in-flight window that the missing one needs, so the buffers of
 * one worker share a {@link Limit} on how many messages wait at once. How long a message may wait
 * is the caller's to decide ({@link #overdue}); this class has no clock.
 *
 * <p>Use: {@link #firstTime} (false: a redelivery, drop it), then {@link #admit} (held, or to be
 * processed now), and after processing one, {@link #releaseReady} for those it unblocked. Plain
 * Java, one thread.
 *
 * @param <T> what is held: the caller's message
 */
final class ReorderBuffer<T> {

  /** The worker-wide cap on held messages, shared by the buffers of its streams. */
  static final class Limit {
    private final int max;
    private int held;

    /** At most {@code max} messages wait at once over every buffer sharing this limit. */
    Limit(int max) {
      this.max = max;
    }

    /** Messages held now by the buffers sharing this limit. */
    int held() {
      return held;
    }
  }

  /** What {@link #admit} decided for a message. */
  enum Admission {
    /** It waits for an earlier {@code seq}: it comes back through a {@link Release}. */
    HELD,
    /** Process it now: it is the next expected, the first of the stream, or it may not wait. */
    NOW,
    /** Process it now, although a later {@code seq} was processed before it (parsed out of order). */
    LATE
  }

  /** Receives released messages, in {@code seq} order. */
  interface Release<T> {
    /** {@code missing} numbers before the next released message are given up. */
    default void gap(long missing) {}

    /** Process {@code item} (of {@code seq}) now. */
    void release(long seq, T item);
  }

  private record Waiting<T>(T item, Instant arrival) {}

  private final SeqWindow seen = new SeqWindow();
  private final Limit limit;
  /** The {@code seq} expected next (one above the highest processed), -1 before the first. */
  private long next = -1;
  /** Messages waiting for an earlier {@code seq}, by {@code seq}; null when none. */
  private TreeMap<Long, Waiting<T>> held;

  ReorderBuffer(Limit limit) {
    this.limit = limit;
  }

  /**
   * True the first time {@code seq} is offered (or is older than the window, see
   * {@link SeqWindow#firstTime}); false for a redelivery, which the caller drops. Remembers it.
   */
  boolean firstTime(long seq) {
    return seen.firstTime(seq);
  }

  /**
   * Decides about a message that passed {@link #firstTime}. It is held when {@code mayHold}, the
   * stream has processed a message before, {@code seq} leaves a gap after the expected one, and
   * the shared limit has room; otherwise it counts as processed now and the expected {@code seq}
   * moves past it. A held message is released by {@link #releaseReady} or {@link #releaseAll}.
   */
  Admission admit(long seq, T item, Instant arrival, boolean mayHold) {
    if (mayHold && next >= 0 && seq > next && limit.held < limit.max) {
      if (held == null) {
        held = new TreeMap<>();
      }
      held.put(seq, new Waiting<>(item, arrival));
      limit.held++;
      return Admission.HELD;
    }
    boolean late = seq < next;
    next = Math.max(next, after(seq));
    return late ? Admission.LATE : Admission.NOW;
  }

  /** Releases held messages as long as the first of them is the {@code seq} expected (or older). */
  void releaseReady(Release<T> to) {
    while (held != null && !held.isEmpty() && held.firstKey() <= next) {
      release(held.pollFirstEntry(), to);
    }
    if (held != null && held.isEmpty()) {
      held = null;
    }
  }

  /** Stops waiting: releases every held message in {@code seq} order, telling the gaps skipped. */
  void releaseAll(Release<T> to) {
    while (held != null && !held.isEmpty()) {
      Map.Entry<Long, Waiting<T>> first = held.pollFirstEntry();
      if (first.getKey() > next) {
        to.gap(first.getKey() - next);
      }
      release(first, to);
    }
    held = null;
  }

  private void release(Map.Entry<Long, Waiting<T>> e, Release<T> to) {
    limit.held--;
    next = Math.max(next, after(e.getKey()));
    to.release(e.getKey(), e.getValue().item());
  }

  /**
   * A new process of the stream began (its {@code started} status): its output is numbered from
   * 0, so a first message above 0 waits for the ones before it like any message after a gap.
   * Only on a buffer that has processed nothing.
   */
  void expectFromZero() {
    if (next < 0) {
      next = 0;
    }
  }

  /** The {@code seq} expected next: one above the highest processed, -1 before the first. */
  long expected() {
    return next;
  }

  /** Whether messages wait in this buffer. */
  boolean holding() {
    return held != null;
  }

  /** Whether a held message arrived at or before {@code due} (the oldest by arrival, not by seq). */
  boolean overdue(Instant due) {
    if (held == null) {
      return false;
    }
    for (Waiting<T> w : held.values()) {
      if (!w.arrival().isAfter(due)) {
        return true;
      }
    }
    return false;
  }

  /** The seq expected after {@code seq} (saturating: Long.MAX_VALUE is the last). */
  private static long after(long seq) {
    return seq == Long.MAX_VALUE ? seq : seq + 1;
  }
}
