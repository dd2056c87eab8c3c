package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.pipeline.ReorderBuffer.Admission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The reorder buffer against what it promises, for any arrival order. */
class ReorderBufferProperties {

  /** What came out of one buffer: seqs in the order processed, gaps given up, duplicates dropped. */
  private static final class Run implements ReorderBuffer.Release<Long> {
    final List<Long> processed = new ArrayList<>();
    long gaps;
    int duplicates;
    int late;

    @Override
    public void gap(long missing) {
      gaps += missing;
    }

    @Override
    public void release(long seq, Long item) {
      assertThat(item).isEqualTo(seq);
      processed.add(seq);
    }

    /** Offers one message as the processor does; processes it (and what it unblocks) unless held. */
    Admission offer(ReorderBuffer<Long> b, long seq, boolean mayHold) {
      if (!b.firstTime(seq)) {
        duplicates++;
        return null;
      }
      Admission a = b.admit(seq, seq, Instant.EPOCH, mayHold);
      if (a != Admission.HELD) {
        late += a == Admission.LATE ? 1 : 0;
        processed.add(seq);
        b.releaseReady(this);
      }
      return a;
    }
  }

  /** {@code seqs} shuffled with {@code dups} redeliveries of random members put in at random places. */
  private static List<Long> shuffledWithRedeliveries(List<Long> seqs, int dups, Random r) {
    List<Long> out = new ArrayList<>(seqs);
    Collections.shuffle(out, r);
    for (int i = 0; i < dups && !seqs.isEmpty(); i++) {
      int at = r.nextInt(out.size() + 1);
      // A redelivery comes after its first copy: put it after the first occurrence.
      long seq = out.get(r.nextInt(out.size()));
      at = Math.max(at, out.indexOf(seq) + 1);
      out.add(at, seq);
    }
    return out;
  }

  @Property(tries = 500)
  void anyPermutationOfASeqRangeWithRedeliveriesComesOutInOrderExactlyOnce(
      @ForAll @IntRange(min = 0, max = 300) int n, @ForAll @IntRange(min = 0, max = 100) int dups,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 400) long start, @ForAll long seed) {
    Random r = new Random(seed);
    List<Long> rest = LongStream.rangeClosed(start + 1, start + n).boxed().toList();
    ReorderBuffer.Limit limit = new ReorderBuffer.Limit(n);
    ReorderBuffer<Long> buffer = new ReorderBuffer<>(limit);
    Run run = new Run();
    // The stream's first message (the start of its run) is start; the rest arrive in any order.
    run.offer(buffer, start, true);
    for (long seq : shuffledWithRedeliveries(rest, dups, r)) {
      run.offer(buffer, seq, true);
      assertThat(limit.held()).isLessThanOrEqualTo(n);
    }
    assertThat(run.processed).isEqualTo(LongStream.rangeClosed(start, start + n).boxed().toList());
    assertThat(run.duplicates).isEqualTo(n == 0 ? 0 : dups);
    assertThat(run.late).isZero();
    assertThat(run.gaps).isZero();
    assertThat(buffer.holding()).isFalse();
    assertThat(limit.held()).isZero();
  }

  @Property(tries = 500)
  void withSeqsMissingGivingUpReleasesTheRestInOrderAndCountsEveryMissingOneBelowThem(
      @ForAll @IntRange(min = 1, max = 200) int n, @ForAll @IntRange(min = 0, max = 50) int dups, @ForAll long seed) {
    Random r = new Random(seed);
    List<Long> kept = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      if (r.nextInt(4) != 0) {
        kept.add(s);
      }
    }
    ReorderBuffer.Limit limit = new ReorderBuffer.Limit(n);
    ReorderBuffer<Long> buffer = new ReorderBuffer<>(limit);
    Run run = new Run();
    run.offer(buffer, 0, true);
    for (long seq : shuffledWithRedeliveries(kept, dups, r)) {
      run.offer(buffer, seq, true);
    }
    buffer.releaseAll(run);
    List<Long> expected = new ArrayList<>(List.of(0L));
    expected.addAll(kept);
    assertThat(run.processed).isEqualTo(expected);
    long highest = kept.isEmpty() ? 0 : kept.get(kept.size() - 1);
    assertThat(run.gaps).as("missing below the highest kept").isEqualTo(highest - kept.size());
    assertThat(buffer.holding()).isFalse();
    assertThat(limit.held()).isZero();
  }

  /**
   * Several streams share one limit: a message waits exactly when it may (a gap after the expected
   * seq, the stream started, room under the limit), the limit is never exceeded, and every message
   * offered is processed exactly once, whatever was held.
   */
  @Property(tries = 500)
  void theSharedLimitIsHonouredAndEveryMessageIsProcessedOnce(
      @ForAll @IntRange(min = 0, max = 6) int max, @ForAll @IntRange(min = 1, max = 4) int streams,
      @ForAll @IntRange(min = 0, max = 200) int messages, @ForAll long seed) {
    Random r = new Random(seed);
    ReorderBuffer.Limit limit = new ReorderBuffer.Limit(max);
    List<ReorderBuffer<Long>> buffers = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    List<TreeSet<Long>> offered = new ArrayList<>();
    long[] expected = new long[streams];
    for (int i = 0; i < streams; i++) {
      buffers.add(new ReorderBuffer<>(limit));
      runs.add(new Run());
      offered.add(new TreeSet<>());
      expected[i] = -1;
    }
    for (int m = 0; m < messages; m++) {
      int i = r.nextInt(streams);
      long seq = r.nextInt(40);
      boolean mayHold = r.nextInt(5) != 0;
      boolean fresh = offered.get(i).add(seq);
      int heldBefore = limit.held();
      Admission a = runs.get(i).offer(buffers.get(i), seq, mayHold);
      assertThat(a == null).as("a duplicate exactly when offered before").isEqualTo(!fresh);
      if (a != null) {
        boolean mayWait = mayHold && expected[i] >= 0 && seq > expected[i] && heldBefore < max;
        assertThat(a == Admission.HELD).as("seq %d, expected %d, held %d of %d", seq, expected[i], heldBefore, max)
            .isEqualTo(mayWait);
      }
      assertThat(limit.held()).isLessThanOrEqualTo(max);
      long nowHeld = 0;
      for (int k = 0; k < streams; k++) {
        nowHeld += offered.get(k).size() - runs.get(k).processed.size();
      }
      assertThat(limit.held()).as("held over all streams").isEqualTo(nowHeld);
      // The expected seq of a stream: one above the highest it processed.
      for (int k = 0; k < streams; k++) {
        List<Long> p = runs.get(k).processed;
        if (!p.isEmpty()) {
          expected[k] = Math.max(expected[k], p.stream().mapToLong(Long::longValue).max().getAsLong() + 1);
        }
      }
    }
    for (int i = 0; i < streams; i++) {
      buffers.get(i).releaseAll(runs.get(i));
      assertThat(new TreeSet<>(runs.get(i).processed)).isEqualTo(offered.get(i));
      assertThat(runs.get(i).processed).hasSameSizeAs(offered.get(i));
    }
    assertThat(limit.held()).isZero();
  }
}
