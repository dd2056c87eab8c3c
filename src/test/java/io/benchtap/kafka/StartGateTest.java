package io.benchtap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StartGateTest {
  private final StartGate<String> gate = new StartGate<>();

  @Test
  void aFirstOutputBeforeItsStartedWaitsWithWhatFollowsAndTheStartedLetsThemGoInOrder() {
    StartGate.Waiting<String> w = gate.hold("s", 0, "out0");
    assertThat(w).isNotNull();
    assertThat(w.items()).containsExactly("out0");
    assertThat(gate.hold("s", 2, "out2")).isSameAs(w);
    assertThat(gate.hold("s", 1, "out1")).isSameAs(w);
    assertThat(gate.waits("s")).isTrue();
    assertThat(gate.hold("t", 5, "other")).as("another stream in the middle of its run").isNull();
    assertThat(gate.started("s")).containsExactly("out0", "out2", "out1");
    assertThat(gate.waits("s")).isFalse();
    assertThat(gate.hold("s", 3, "out3")).isNull();
  }

  @Test
  void outputAfterItsStartedNeverWaits() {
    assertThat(gate.started("s")).isEmpty();
    assertThat(gate.hold("s", 0, "out0")).isNull();
  }

  @Test
  void onlySeqZeroOfAnUnknownStreamWaits() {
    assertThat(gate.hold("s", 1, "out1")).as("seq 0 is late, not the start").isNull();
    gate.handed("s");
    assertThat(gate.hold("s", 0, "out0")).as("the stream has output handed on already").isNull();
  }

  @Test
  void afterItsFinishedANewRunOfTheStreamWaitsForItsStartedAgain() {
    gate.started("s");
    gate.handed("s");
    gate.finished("s");
    assertThat(gate.hold("s", 0, "rerun0")).isNotNull();
  }

  @Test
  void aHoldThatRunsOutLetsThemGoOnceAndTheStreamNoLongerWaits() {
    StartGate.Waiting<String> w = gate.hold("s", 0, "out0");
    gate.hold("s", 1, "out1");
    assertThat(gate.expire(w)).containsExactly("out0", "out1");
    assertThat(gate.expire(w)).isEmpty();
    assertThat(gate.hold("s", 2, "out2")).isNull();
    assertThat(gate.started("s")).as("a started after the hold ran out finds nothing waiting").isEmpty();
  }

  @Test
  void anExpiryOfAnEarlierHoldDoesNotTakeANewOne() {
    StartGate.Waiting<String> first = gate.hold("s", 0, "a");
    gate.started("s");
    gate.finished("s");
    StartGate.Waiting<String> second = gate.hold("s", 0, "b");
    assertThat(gate.expire(first)).isEmpty();
    assertThat(gate.waits("s")).isTrue();
    assertThat(gate.expire(second)).containsExactly("b");
  }

  @Test
  void idleStreamsAreForgotten() {
    gate.started("s");
    gate.retainOnly(Set.of());
    assertThat(gate.hold("s", 0, "out0")).as("forgotten: its seq 0 would wait again").isNotNull();
  }
}
