package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The bitmap window answers exactly like the plain rule it implements, for any arrival order. */
class SeqWindowProperties {

  /** The rule written plainly: every seq taken so far, and the highest of them. */
  private static final class Model {
    final Set<Long> seen = new HashSet<>();
    long highest = -1;

    boolean firstTime(long seq) {
      boolean older = seq >= 0 && seq <= highest - SeqWindow.SIZE;
      boolean expected = older || (seq >= 0 && !seen.contains(seq));
      if (expected && !older) {
        seen.add(seq);
        highest = Math.max(highest, seq);
      }
      return expected;
    }
  }

  @Property(tries = 300)
  void agreesWithASetOfSeenSeqsAndTheWindowRule(
      @ForAll @Size(max = 3000) List<@IntRange(min = -2, max = 3000) Integer> seqs,
      @ForAll @IntRange(min = 0, max = 5) int stride) {
    SeqWindow window = new SeqWindow();
    Model model = new Model();
    long offset = 0;
    for (int raw : seqs) {
      // A slowly rising base makes the window move, as a long stream does.
      offset += stride;
      long seq = raw < 0 ? raw : raw + offset;
      boolean expected = model.firstTime(seq);
      assertThat(window.firstTime(seq)).as("seq %d (highest %d)", seq, model.highest).isEqualTo(expected);
    }
  }

  /**
   * Any non-negative long is a valid seq: near {@link Long#MAX_VALUE} (where counting seq upwards
   * would wrap) and after jumps of any size, forwards and backwards, the window still agrees.
   */
  @Property(tries = 300)
  void agreesWithTheRuleNearLongMaxAndAcrossJumpsOfAnySize(@ForAll("seqsAnywhere") List<Long> seqs) {
    SeqWindow window = new SeqWindow();
    Model model = new Model();
    for (long seq : seqs) {
      boolean expected = model.firstTime(seq);
      assertThat(window.firstTime(seq)).as("seq %d (highest %d)", seq, model.highest).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<Long>> seqsAnywhere() {
    long size = SeqWindow.SIZE;
    Arbitrary<Long> nearTop = Arbitraries.longs().between(Long.MAX_VALUE - 3 * size, Long.MAX_VALUE);
    Arbitrary<Long> anywhere = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<Long> low = Arbitraries.longs().between(-2, 3 * size);
    Arbitrary<Long> edges = Arbitraries.of(0L, size - 1, size, Long.MAX_VALUE, Long.MAX_VALUE - 1,
        Long.MAX_VALUE - size, Long.MAX_VALUE - size + 1, Long.MAX_VALUE / 2, Long.MIN_VALUE);
    return Arbitraries.frequencyOf(Tuple.of(6, nearTop), Tuple.of(1, anywhere), Tuple.of(2, low), Tuple.of(1, edges))
        .list().ofMaxSize(3000);
  }
}
