package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqWindowTest {
  @Test
  void aBacklogDeliveredBehindANewerMessageIsKeptAndRepeatsAreDropped() {
    SeqWindow w = new SeqWindow();
    for (long s = 0; s < 926; s++) {
      assertThat(w.firstTime(s)).isTrue();
    }
    assertThat(w.firstTime(949)).isTrue();
    for (long s = 926; s < 949; s++) {
      assertThat(w.firstTime(s)).as("late but new seq %d", s).isTrue();
    }
    for (long s = 926; s <= 949; s++) {
      assertThat(w.firstTime(s)).as("redelivered seq %d", s).isFalse();
    }
    assertThat(w.firstTime(950)).isTrue();
  }

  @Test
  void seqsOlderThanTheWindowAreTakenAsLateFirstDeliveries() {
    SeqWindow w = new SeqWindow();
    assertThat(w.firstTime(10_000)).isTrue();
    assertThat(w.firstTime(10_000 - SeqWindow.SIZE)).isTrue();
    assertThat(w.firstTime(10_000 - SeqWindow.SIZE + 1)).isTrue();
    assertThat(w.firstTime(10_000 - SeqWindow.SIZE + 1)).isFalse();
    assertThat(w.firstTime(-1)).isFalse();
  }

  @Test
  void aJumpForwardForgetsTheSlotsItSkipped() {
    SeqWindow w = new SeqWindow();
    assertThat(w.firstTime(5)).isTrue();
    assertThat(w.firstTime(5 + SeqWindow.SIZE)).isTrue();
    assertThat(w.firstTime(5 + 2 * SeqWindow.SIZE - 1)).isTrue();
    assertThat(w.firstTime(5 + SeqWindow.SIZE + 10)).isTrue();
  }

  @Test
  void everyNonNegativeLongIsASeqUpToLongMax() {
    SeqWindow w = new SeqWindow();
    assertThat(w.firstTime(3)).isTrue();
    assertThat(w.firstTime(Long.MAX_VALUE)).isTrue();
    assertThat(w.firstTime(Long.MAX_VALUE)).as("redelivery of Long.MAX_VALUE").isFalse();
    assertThat(w.firstTime(Long.MAX_VALUE - 1)).isTrue();
    assertThat(w.firstTime(Long.MAX_VALUE - 1)).isFalse();
    assertThat(w.firstTime(Long.MAX_VALUE - SeqWindow.SIZE)).as("older than the window").isTrue();
    assertThat(w.firstTime(3)).as("older than the window").isTrue();
  }
}
