package io.benchtap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit point of a partition (docs/scale-out.md, "When a processor commits") */
class PartitionWorkTest {
  @TempDir
  Path dir;

  private static void took(PartitionWork w, long offset, String stream, boolean started) {
    w.took(offset, offset, stream, started, 0);
    w.next = offset + 1;
  }

  @Test
  void aFinishedStreamWithRecordsAfterTheCommitPointHoldsItAtItsStart() {
    PartitionWork w = new PartitionWork(0, dir);
    took(w, 0, "a", true);
    took(w, 1, "b", true);
    took(w, 2, "a", false);
    took(w, 3, "a", false);
    for (long o = 0; o <= 3; o++) {
      w.held(o, o == 1 ? "b" : "a", o == 3);
    }
    long[] nanos = new long[1];
    // b (open) alone would allow 1; but a has records at 2 and 3: a new owner reading from 1
    // would rebuild a without its start. So 0.
    assertThat(w.commitPoint(nanos)).isZero();
    took(w, 4, "b", false);
    w.held(4, "b", true);
    assertThat(w.commitPoint(nanos)).isEqualTo(5);
    w.forgetBefore(5);
    assertThat(w.open).isEmpty();
  }

  @Test
  void anOpenStreamHoldsTheCommitAtItsStartAndAFinishedOneBeforeItDoesNot() {
    PartitionWork w = new PartitionWork(0, dir);
    took(w, 0, "a", true);
    took(w, 1, "a", false);
    w.held(0, "a", false);
    w.held(1, "a", true);
    took(w, 2, "b", true);
    took(w, 3, "b", false);
    w.held(2, "b", false);
    long[] nanos = new long[1];
    // 3 is not held yet, b is open from 2; a ended at 1, before it.
    assertThat(w.commitPoint(nanos)).isEqualTo(2);
  }

  @Test
  void theSameStatusOfAStreamReadAgainIsACopy() {
    PartitionWork w = new PartitionWork(0, dir);
    String started = "{\"t\":1796500000.1,\"event\":\"started\"}";
    assertThat(w.firstStatus("a", started)).isTrue();
    assertThat(w.firstStatus("a", started)).isFalse();
    assertThat(w.firstStatus("b", started)).isTrue();
    assertThat(w.firstStatus("a", started.replace(".1", ".2"))).isTrue();
  }
}
