package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.pipeline.ReorderBuffer.Admission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final ReorderBuffer.Limit limit = new ReorderBuffer.Limit(8);
  private final ReorderBuffer<String> buffer = new ReorderBuffer<>(limit);
  private final List<String> released = new ArrayList<>();
  private final List<Long> gaps = new ArrayList<>();
  private final ReorderBuffer.Release<String> to = new ReorderBuffer.Release<>() {
    @Override
    public void gap(long missing) {
      gaps.add(missing);
    }

    @Override
    public void release(long seq, String item) {
      released.add(seq + "=" + item);
    }
  };

  /** firstTime then admit, as the processor does. */
  private Admission offer(ReorderBuffer<String> b, long seq, Instant arrival, boolean mayHold) {
    assertThat(b.firstTime(seq)).as("seq %d is new", seq).isTrue();
    return b.admit(seq, "m" + seq, arrival, mayHold);
  }

  @Test
  void aMessageAheadOfAGapIsHeldAndReleasedInSeqOrderWhenTheGapFills() {
    assertThat(offer(buffer, 0, T0, true)).isEqualTo(Admission.NOW);
    assertThat(offer(buffer, 3, T0, true)).isEqualTo(Admission.HELD);
    assertThat(offer(buffer, 2, T0, true)).isEqualTo(Admission.HELD);
    assertThat(buffer.holding()).isTrue();
    assertThat(limit.held()).isEqualTo(2);
    buffer.releaseReady(to);
    assertThat(released).as("seq 1 is still missing").isEmpty();
    assertThat(offer(buffer, 1, T0, true)).isEqualTo(Admission.NOW);
    buffer.releaseReady(to);
    assertThat(released).containsExactly("2=m2", "3=m3");
    assertThat(gaps).isEmpty();
    assertThat(buffer.holding()).isFalse();
    assertThat(limit.held()).isZero();
    assertThat(offer(buffer, 4, T0, true)).as("the expected seq moved past the released ones").isEqualTo(Admission.NOW);
  }

  @Test
  void aRedeliveryIsNotFirstTimeAlsoWhileItsFirstCopyIsHeld() {
    offer(buffer, 0, T0, true);
    offer(buffer, 2, T0, true);
    assertThat(buffer.firstTime(2)).isFalse();
    assertThat(buffer.firstTime(0)).isFalse();
    assertThat(buffer.firstTime(1)).isTrue();
  }

  @Test
  void theFirstMessageOfAStreamIsNeverHeldWhateverItsSeq() {
    assertThat(offer(buffer, 41, T0, true)).isEqualTo(Admission.NOW);
    assertThat(offer(buffer, 42, T0, true)).isEqualTo(Admission.NOW);
    assertThat(offer(buffer, 44, T0, true)).isEqualTo(Admission.HELD);
  }

  @Test
  void aMessageThatMayNotWaitGoesOnAndAnOlderOneAfterItIsLate() {
    offer(buffer, 0, T0, true);
    assertThat(offer(buffer, 5, T0, false)).isEqualTo(Admission.NOW);
    assertThat(offer(buffer, 3, T0, true)).as("below the expected seq: never held").isEqualTo(Admission.LATE);
    assertThat(offer(buffer, 6, T0, true)).isEqualTo(Admission.NOW);
    assertThat(buffer.holding()).isFalse();
  }

  @Test
  void buffersSharingALimitHoldAtMostItsSizeAndAFreedPlaceIsUsedAgain() {
    ReorderBuffer.Limit two = new ReorderBuffer.Limit(2);
    ReorderBuffer<String> a = new ReorderBuffer<>(two);
    ReorderBuffer<String> b = new ReorderBuffer<>(two);
    offer(a, 0, T0, true);
    offer(b, 0, T0, true);
    assertThat(offer(a, 2, T0, true)).isEqualTo(Admission.HELD);
    assertThat(offer(b, 2, T0, true)).isEqualTo(Admission.HELD);
    assertThat(offer(a, 3, T0, true)).as("the limit is full").isEqualTo(Admission.NOW);
    assertThat(two.held()).isEqualTo(2);
    // a's seq 2 is below its expected seq now (4): released by the next releaseReady.
    a.releaseReady(to);
    assertThat(released).containsExactly("2=m2");
    assertThat(two.held()).isEqualTo(1);
    assertThat(offer(b, 4, T0, true)).isEqualTo(Admission.HELD);
    assertThat(two.held()).isEqualTo(2);
  }

  @Test
  void releaseAllGivesUpEachGapBeforeTheMessageAfterIt() {
    offer(buffer, 0, T0, true);
    offer(buffer, 3, T0, true);
    offer(buffer, 4, T0, true);
    offer(buffer, 9, T0, true);
    buffer.releaseAll(to);
    assertThat(released).containsExactly("3=m3", "4=m4", "9=m9");
    assertThat(gaps).containsExactly(2L, 4L);
    assertThat(buffer.holding()).isFalse();
    assertThat(limit.held()).isZero();
    assertThat(offer(buffer, 10, T0, true)).isEqualTo(Admission.NOW);
    assertThat(offer(buffer, 1, T0, true)).as("a given-up seq that turns up is late, not a duplicate").isEqualTo(Admission.LATE);
  }

  @Test
  void overdueGoesByTheOldestArrivalNotTheLowestSeq() {
    offer(buffer, 0, T0, true);
    assertThat(buffer.overdue(T0.plusSeconds(60))).as("nothing held").isFalse();
    offer(buffer, 5, T0.plusMillis(10), true);
    offer(buffer, 3, T0.plusMillis(20), true);
    assertThat(buffer.overdue(T0.plusMillis(9))).isFalse();
    assertThat(buffer.overdue(T0.plusMillis(10))).as("seq 5 waited since then").isTrue();
    buffer.releaseAll(to);
    assertThat(buffer.overdue(T0.plusSeconds(60))).isFalse();
  }

  @Test
  void theExpectedSeqStopsAtLongMaxValue() {
    assertThat(offer(buffer, Long.MAX_VALUE, T0, true)).isEqualTo(Admission.NOW);
    assertThat(buffer.firstTime(Long.MAX_VALUE)).isFalse();
    // One past Long.MAX_VALUE would wrap to a negative expected seq: nothing could be late then.
    assertThat(offer(buffer, Long.MAX_VALUE - 2, T0, true)).isEqualTo(Admission.LATE);
    assertThat(offer(buffer, 5, T0, true)).isEqualTo(Admission.LATE);
  }
}
