package io.benchtap.pipeline;

/**
 * Which sequence numbers of one stream have been seen, for dropping QoS 1 redeliveries. A
 * broker may hand a queued backlog over behind newer messages (seen with Mosquitto 2.0.11 after a
 * restart), so "not above the last seq" would drop late but new messages. Instead the window
 * remembers the last {@link #SIZE} sequence numbers exactly; a seq older than the window is
 * taken as a redelivery (a backlog that far out of order is not expected from one stream).
 */
final class SeqWindow {
  static final int SIZE = 256;

  private final long[] ring = new long[SIZE];
  private long highest = -1;

  SeqWindow() {
    java.util.Arrays.fill(ring, -1);
  }

  /** True the first time a seq is seen; false for a repeat or one older than the window. */
  boolean firstTime(long seq) {
    if (seq < 0 || seq <= highest - SIZE) {
      return false;
    }
    int slot = (int) (seq % SIZE);
    if (ring[slot] == seq) {
      return false;
    }
    if (seq > highest) {
      // Slots of seqs that fall out of the window are reused below; clear the ones skipped over.
      for (long s = Math.max(highest + 1, seq - SIZE + 1); s < seq; s++) {
        ring[(int) (s % SIZE)] = -1;
      }
      highest = seq;
    }
    ring[slot] = seq;
    return true;
  }
}
