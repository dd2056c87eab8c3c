package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The bitmap window answers exactly like the plain rule it implements, for any arrival order. */
class SeqWindowProperties {

  @Property(tries = 300)
  void agreesWithASetOfSeenSeqsAndTheWindowRule(
      @ForAll @Size(max = 3000) List<@IntRange(min = -2, max = 3000) Integer> seqs,
      @ForAll @IntRange(min = 0, max = 5) int stride) {
    SeqWindow window = new SeqWindow();
    Set<Long> seen = new HashSet<>();
    long highest = -1;
    long offset = 0;
    for (int raw : seqs) {
      // A slowly rising base makes the window move, as a long stream does.
      offset += stride;
      long seq = raw < 0 ? raw : raw + offset;
      boolean older = seq >= 0 && seq <= highest - SeqWindow.SIZE;
      boolean expected = older || (seq >= 0 && !seen.contains(seq));
      if (expected && !older) {
        seen.add(seq);
        highest = Math.max(highest, seq);
      }
      assertThat(window.firstTime(seq)).as("seq %d (highest %d)", seq, highest).isEqualTo(expected);
    }
  }
}
