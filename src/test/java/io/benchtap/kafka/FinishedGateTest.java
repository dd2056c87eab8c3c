package io.benchtap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A finished status goes on only after every output message before it (FinishedGate). */
class FinishedGateTest {
  @Test
  void aFinishedThatOvertookOutputWaitsForItAndGoesWithTheLastMissingSeq() {
    FinishedGate<String> g = new FinishedGate<>();
    assertThat(g.saw("s", 0)).isNull();
    assertThat(g.saw("s", 2)).isNull();
    FinishedGate.Waiting<String> w = g.hold("s", 4, "fin");
    assertThat(w).isNotNull();
    assertThat(g.saw("s", 3)).as("1 is still missing").isNull();
    assertThat(g.saw("other", 1)).isNull();
    FinishedGate.Waiting<String> go = g.saw("s", 1);
    assertThat(go).isSameAs(w);
    assertThat(go.item()).isEqualTo("fin");
    assertThat(g.expire(w)).as("handed on already: the hold's timer must not hand it again").isFalse();
  }

  @Test
  void aFinishedWhoseOutputAllCameGoesAtOnceAndTheStreamIsForgotten() {
    FinishedGate<String> g = new FinishedGate<>();
    for (long s = 0; s < 3; s++) {
      g.saw("s", s);
    }
    assertThat(g.hold("s", 3, "fin")).isNull();
    assertThat(g.hold("quiet", 0, "fin")).as("no output at all").isNull();
    assertThat(g.streams()).isZero();
  }

  @Test
  void theHoldRunningOutHandsItOnOnceAndAStartedForgetsEarlierSeqs() {
    FinishedGate<String> g = new FinishedGate<>();
    FinishedGate.Waiting<String> w = g.hold("s", 2, "fin");
    assertThat(g.expire(w)).isTrue();
    assertThat(g.expire(w)).isFalse();
    assertThat(g.saw("s", 0)).isNull();
    assertThat(g.saw("s", 1)).as("nothing waits any more").isNull();
    g.started("s");
    assertThat(g.hold("s", 1, "fin2")).as("the seqs seen before the started are of an earlier run").isNotNull();
    g.retainOnly(Set.of());
    assertThat(g.streams()).isZero();
  }

  @Test
  void anyOrderWithDuplicatesReleasesTheFinishedExactlyWhenTheLastSeqBelowItArrives() {
    Random r = new Random(7);
    for (int round = 0; round < 500; round++) {
      int n = 1 + r.nextInt(30);
      List<Long> seqs = new ArrayList<>();
      for (long s = 0; s < n; s++) {
        seqs.add(s);
        if (r.nextInt(4) == 0) {
          seqs.add(s);
        }
      }
      Collections.shuffle(seqs, r);
      int at = r.nextInt(seqs.size() + 1);
      FinishedGate<String> g = new FinishedGate<>();
      java.util.Set<Long> seen = new java.util.HashSet<>();
      int released = 0;
      for (int i = 0; i <= seqs.size(); i++) {
        if (i == at) {
          FinishedGate.Waiting<String> w = g.hold("s", n, "fin");
          if (w == null) {
            assertThat(seen).as("went at once only when all came").hasSize(n);
            released++;
          }
        }
        if (i < seqs.size()) {
          seen.add(seqs.get(i));
          if (g.saw("s", seqs.get(i)) != null) {
            assertThat(seen).as("released with the last missing seq").hasSize(n);
            released++;
          }
        }
      }
      assertThat(released).as("round %d", round).isEqualTo(1);
    }
  }
}
