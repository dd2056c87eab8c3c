package io.benchtap.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Publishes the messages of a {@link StreamSet} for a while, on the calling thread. With a rate
 * it is open loop (messages per second, output and status together, evenly spaced); with rate 0
 * it publishes as fast as the consumer takes them: never more than {@code window} output
 * messages ahead of what the consumer has processed (closed loop, so the broker's queue stays
 * bounded and the measured rate is the consumer's). The open loop also stops at a lead of
 * {@code 50 x window} rather than let the broker's queue grow without bound, and reports it.
 * In the open loop each message carries the moment it was due ({@link #dueMicros}) as its time,
 * so a message sent late because the pacer was held back counts its wait as latency
 * (coordinated omission), as a device that printed the line on time would see it.
 */
final class Pacer {
  /** What was published. */
  record Sent(long outMessages, long statusMessages, long lines, long startNanos, long endNanos, long blockedNanos) {
    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    double outRate() {
      return outMessages / Math.max(1e-9, seconds());
    }
  }

  private final Publishers pubs;
  private final LongSupplier consumedOut;
  private final long window;

  /**
   * @param consumedOut output messages the consumer has processed so far (any base: only
   *     differences are used)
   */
  Pacer(Publishers pubs, LongSupplier consumedOut, long window) {
    this.pubs = pubs;
    this.consumedOut = consumedOut;
    this.window = Math.max(1, window);
  }

  /** Publishes from {@code streams} at {@code rate} msgs/s (0: closed loop) for {@code seconds}. */
  Sent run(StreamSet streams, double rate, double seconds) throws InterruptedException {
    long base = consumedOut.getAsLong();
    long start = System.nanoTime();
    long startMicros = StreamSet.nowMicros();
    long deadline = start + (long) (seconds * 1e9);
    long out = 0;
    long status = 0;
    long lines = 0;
    long blocked = 0;
    long limit = rate > 0 ? window * 50 : window;
    long now = start;
    while (now < deadline) {
      if (rate > 0) {
        long due = (long) ((now - start) / 1e9 * rate);
        if (out + status >= due) {
          LockSupport.parkNanos(Math.min(1_000_000L, Math.max(20_000L, (long) (1e9 / rate))));
          now = System.nanoTime();
          continue;
        }
      }
      if (out - (consumedOut.getAsLong() - base) >= limit) {
        long t0 = System.nanoTime();
        LockSupport.parkNanos(500_000L);
        now = System.nanoTime();
        blocked += now - t0;
        continue;
      }
      StreamSet.Msg m = rate > 0 ? streams.next(dueMicros(startMicros, out + status, rate)) : streams.next();
      pubs.publish(m.stream(), m.topic(), m.payload());
      if (m.out()) {
        out++;
        lines += m.lines();
      } else {
        status++;
      }
      now = System.nanoTime();
    }
    return new Sent(out, status, lines, start, now, blocked);
  }

  /**
   * When message {@code index} (from 0) of an open-loop run at {@code rate} msgs/s that started at
   * {@code startMicros} is due: the moment the schedule allows it to be sent, one interval
   * {@code 1 / rate} after the one before it.
   */
  static long dueMicros(long startMicros, long index, double rate) {
    return startMicros + (long) ((index + 1) * 1e6 / rate);
  }

  /** Publishes each stream's whole fixture once, as one message, closed loop. */
  Sent once(StreamSet streams) throws InterruptedException {
    long base = consumedOut.getAsLong();
    long start = System.nanoTime();
    long lines = 0;
    long blocked = 0;
    for (int k = 0; k < streams.size(); k++) {
      while (k - (consumedOut.getAsLong() - base) >= window) {
        long t0 = System.nanoTime();
        LockSupport.parkNanos(500_000L);
        blocked += System.nanoTime() - t0;
      }
      StreamSet.Msg m = streams.whole(k);
      pubs.publish(m.stream(), m.topic(), m.payload());
      lines += m.lines();
    }
    return new Sent(streams.size(), 0, lines, start, System.nanoTime(), blocked);
  }
}
