package io.benchtap.kafka;

import io.benchtap.model.Mark;
import io.benchtap.model.StreamKey;
import java.util.HashSet;
import java.util.Set;

/**
 * The offsets of the status records ({@code started}/{@code finished}) whose output a partition's
 * log holds. A status has no {@code seq}, so the agent's marks cannot say that a new owner reading
 * it again must not write its run event and final values a second time; the log therefore
 * carries one more mark per status, {@link #mark}, written in the same commit as the status's
 * output (one {@code write} + {@code fdatasync}). Held or not is then one fact on disk: a kill
 * before the commit leaves neither, a kill after it leaves both. (A ledger file appended after the
 * log's write had a window between the two where a SIGKILL made the next owner write a
 * {@code started} event twice.)
 */
final class StatusLedger {
  /** The device level of a status mark: no agent stream has it (a topic level never starts with '~'). */
  static final String DEVICE = "~kafka-status";

  private final Set<Long> held;

  private StatusLedger(Set<Long> held) {
    this.held = held;
  }

  /** The mark that says "the output of the status at {@code offset} of {@code partition} is held". */
  static Mark mark(int partition, long offset) {
    return new Mark(new StreamKey(DEVICE, "partition", Integer.toString(partition), "status", "-"), offset);
  }

  /** The status offsets of {@code partition} from {@code from} on among the marks a log recovered. */
  static StatusLedger of(Set<Mark> recovered, int partition, long from) {
    String p = Integer.toString(partition);
    Set<Long> held = new HashSet<>();
    for (Mark m : recovered) {
      if (DEVICE.equals(m.stream().device()) && p.equals(m.stream().run()) && m.seq() >= from) {
        held.add(m.seq());
      }
    }
    return new StatusLedger(held);
  }

  boolean contains(long offset) {
    return held.contains(offset);
  }
}
