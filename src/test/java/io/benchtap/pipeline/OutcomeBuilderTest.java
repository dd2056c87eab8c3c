package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeBuilderTest {
  private static final StreamKey A = new StreamKey("devA", "native", "r1", "devhealth", "host");

  private static Measurement m(double v) {
    return new Measurement(Instant.EPOCH, "devA", "native", "host", "r1", "devhealth", "health", "host",
        "memory_available_bytes", v, "bytes", Phase.INTERVAL, Map.of(), TimeSource.ARRIVAL);
  }

  @Test
  void aMarkedMessageHeldBySomeSinksNamesItsMeasurementsForThem() {
    OutcomeBuilder acc = new OutcomeBuilder();
    acc.out.add(m(1));
    acc.marked(new Mark(A, 1), 0, 0, 0);
    acc.out.add(m(2));
    acc.out.add(m(3));
    acc.marked(new Mark(A, 2), 0b10, 1, 0);
    Outcome o = acc.outcome();
    assertThat(o.marks()).containsExactly(new Mark(A, 1), new Mark(A, 2));
    assertThat(o.skips()).containsExactly(new Outcome.Skip(0b10, new Mark(A, 2), 1, 3, 0, 0));
  }

  @Test
  void aMergedOutcomeKeepsItsSkipsOnItsOwnMeasurementsAndItsTokenIsDoneUnlessItWaits() {
    OutcomeBuilder inner = new OutcomeBuilder();
    inner.out.add(m(10));
    inner.marked(new Mark(A, 7), 0b1, 0, 0);
    OutcomeBuilder acc = new OutcomeBuilder();
    acc.out.add(m(1));
    acc.out.add(m(2));
    acc.merge(inner.outcome(), "t7");
    acc.merge(Outcome.held(new Mark(A, 9)), "t9");
    acc.merge(Outcome.duplicate(new Mark(A, 5)), "t5");
    Outcome o = acc.outcome();
    assertThat(o.measurements()).extracting(Measurement::value).containsExactly(1.0, 2.0, 10.0);
    assertThat(o.skips()).containsExactly(new Outcome.Skip(0b1, new Mark(A, 7), 2, 3, 0, 0));
    assertThat(o.released()).as("the held one is not done").containsExactly("t7");
    assertThat(o.releasedDuplicates()).containsExactly(new Outcome.Dup("t5", new Mark(A, 5)));
    assertThat(o.held()).isFalse();
  }

  @Test
  void aCallThatProducedNothingIsEmptyOrHeldWithItsMark() {
    OutcomeBuilder acc = new OutcomeBuilder();
    assertThat(acc.outcome()).isSameAs(Outcome.EMPTY);
    acc.selfHeld = true;
    acc.self = new Mark(A, 4);
    assertThat(acc.outcome().held()).isTrue();
    assertThat(acc.outcome().self()).isEqualTo(new Mark(A, 4));
    acc.released.add("other");
    assertThat(acc.outcome().held()).as("held, and releasing another").isTrue();
    assertThat(acc.outcome().released()).containsExactly("other");
  }
}
