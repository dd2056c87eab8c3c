package io.benchtap.sink.durable;

import java.util.function.LongSupplier;

/**
 * The arrival times ({@link System#nanoTime()}) of the MQTT messages taken in and not yet
 * acknowledged. The oldest of them bounds what the broker can deliver again after a crash: a
 * batch written to a log before that time belongs to messages already acknowledged, so an
 * {@link AppendLog} only needs the marks it wrote after it (its horizon).
 *
 * <p>{@link #add} and {@link #remove} are called by the ingest verticle on its own context (one
 * thread); {@link #getAsLong} may be called from any thread. Messages are removed in any order;
 * the work is constant per message.
 */
public final class Unacked implements LongSupplier {
  /** For sinks with no MQTT input (import): nothing is ever unacknowledged. */
  public static final LongSupplier NONE = () -> Long.MAX_VALUE;

  private long[] arrival = new long[64];
  private boolean[] done = new boolean[64];
  private long head;
  private long tail;
  private volatile long oldest = Long.MAX_VALUE;

  /** Registers a message that arrived at {@code nanos}; returns its ticket for {@link #remove}. */
  public long add(long nanos) {
    if (tail - head == arrival.length) {
      grow();
    }
    int slot = slot(tail);
    arrival[slot] = nanos;
    done[slot] = false;
    if (head == tail) {
      oldest = nanos;
    }
    return tail++;
  }

  /** The message of {@code ticket} was acknowledged, or will never be (its connection is gone). */
  public void remove(long ticket) {
    if (ticket < head || ticket >= tail) {
      return;
    }
    done[slot(ticket)] = true;
    while (head < tail && done[slot(head)]) {
      head++;
    }
    oldest = head < tail ? arrival[slot(head)] : Long.MAX_VALUE;
  }

  /** Messages not yet acknowledged. */
  public int size() {
    int open = 0;
    for (long t = head; t < tail; t++) {
      if (!done[slot(t)]) {
        open++;
      }
    }
    return open;
  }

  /** Arrival time of the oldest unacknowledged message; {@link Long#MAX_VALUE} when there is none. */
  @Override
  public long getAsLong() {
    return oldest;
  }

  private int slot(long ticket) {
    return (int) (ticket & (arrival.length - 1));
  }

  private void grow() {
    int n = arrival.length;
    long[] a = new long[n * 2];
    boolean[] d = new boolean[n * 2];
    for (long t = head; t < tail; t++) {
      int from = (int) (t & (n - 1));
      int to = (int) (t & (2 * n - 1));
      a[to] = arrival[from];
      d[to] = done[from];
    }
    arrival = a;
    done = d;
  }
}
