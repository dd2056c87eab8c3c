package io.benchtap.pipeline;

/**
 * Which sequence numbers of one stream have been seen, for dropping QoS 1 redeliveries. A
 * broker may hand a queued backlog over behind newer messages (seen with Mosquitto 2.0.11 after a
 * restart), so "not above the last seq" would drop late but new messages. Instead the window
 * remembers the last {@link #SIZE} sequence numbers exactly (a bitmap: 128 bytes per stream); a
 * seq older than the window is taken as new: after a restart Mosquitto 2.0.11 was seen to send a
 * session's queued backlog first and the old unacknowledged messages after it, more than 256
 * messages of a stream later (ShutdownIT lost 28 that way with a 256-wide window that dropped
 * them).
 */
final class SeqWindow {
  static final int SIZE = 1024;

  /** Bit {@code seq % SIZE} is set when that seq of the window (highest-SIZE, highest] was seen. */
  private final long[] bits = new long[SIZE / 64];
  private long highest = -1;

  /**
   * True the first time a seq is seen, and for one older than the window (it cannot be told
   * apart; a QoS 1 redelivery is one of the few messages in flight, far inside the window, while
   * a broker handing a backlog over behind newer messages can put a first delivery that far
   * back); false for a repeat inside the window and for a negative seq.
   */
  boolean firstTime(long seq) {
    if (seq < 0) {
      return false;
    }
    if (seq <= highest - SIZE) {
      return true;
    }
    if (seq > highest) {
      // The window moves up: the slots of the seqs it now covers held seqs that left it. Counted
      // by steps, not by seq, so that neither a seq near Long.MAX_VALUE (s++ would wrap) nor a jump
      // of any size costs more than one pass over the window.
      if (highest < 0 || seq - highest >= SIZE) {
        java.util.Arrays.fill(bits, 0L);
      } else {
        for (long s = highest + 1, steps = seq - highest; steps > 0; s++, steps--) {
          int slot = (int) (s % SIZE);
          bits[slot >>> 6] &= ~(1L << slot);
        }
      }
      highest = seq;
    }
    int slot = (int) (seq % SIZE);
    long mask = 1L << slot;
    if ((bits[slot >>> 6] & mask) != 0) {
      return false;
    }
    bits[slot >>> 6] |= mask;
    return true;
  }
}
