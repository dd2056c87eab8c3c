package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.contract.Payload;
import io.benchtap.model.StreamKey;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Long messages parsed a slice at a time, with the real devhealth parser. */
class SlicesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final StreamKey A = new StreamKey("devA", "native", "r1", "devhealth", "host");
  private static final StreamKey B = new StreamKey("devB", "native", "r1", "devhealth", "host");
  private static final ToolParser DEVHEALTH = ParserRegistry.load().find("devhealth").orElseThrow();

  private final RecordingObserver observer = new RecordingObserver();
  private final StreamTable table = new StreamTable(new ReorderBuffer.Limit(8), observer);
  private final Slices slices = new Slices(observer);
  private final List<String> finished = new ArrayList<>();

  private static Payload lines(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("memory_available_bytes " + i);
    }
    return new Payload(lines, OptionalLong.empty(), null);
  }

  private void turn() {
    slices.next(table, (key, st, sl) -> {
      assertThat(st.slice).as("cleared before it is handed on").isNull();
      finished.add(key.device() + ":" + sl.out.size() + ":" + sl.token);
    });
  }

  @Test
  void onlyALongMessageOfACallerThatCanWaitIsSliced() {
    assertThat(Slices.needed(lines(Slices.LINES + 1), "token")).isTrue();
    assertThat(Slices.needed(lines(Slices.LINES), "token")).isFalse();
    assertThat(Slices.needed(lines(Slices.LINES + 1), null)).isFalse();
  }

  @Test
  void eachTurnParsesAtMostLinesOverAllMessagesInTheOrderTheyBegan() {
    StreamState a = table.open(A, DEVHEALTH, T0, null);
    StreamState b = table.open(B, DEVHEALTH, T0, null);
    slices.start(A, a, lines(Slices.LINES + 1000), T0.plusSeconds(1), "a", 0);
    slices.start(B, b, lines(3000), T0.plusSeconds(2), "b", 0);
    assertThat(observer.lines).as("counted when they arrive").isEqualTo(Slices.LINES + 4000);
    assertThat(a.busy()).isTrue();
    turn();
    assertThat(finished).as("the first turn is A's alone").isEmpty();
    assertThat(a.slice.next).isEqualTo(Slices.LINES);
    assertThat(b.slice.next).isZero();
    turn();
    assertThat(finished).containsExactly("devA:" + (Slices.LINES + 1000) + ":a", "devB:3000:b");
    assertThat(slices.active()).isFalse();
    assertThat(a.lastSeen).isEqualTo(T0.plusSeconds(1));
    assertThat(b.lastSeen).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void messagesOfABusyStreamWaitBehindItInOrder() {
    StreamState a = table.open(A, DEVHEALTH, T0, null);
    slices.start(A, a, lines(Slices.LINES + 1), T0, "a", 0);
    Slices.defer(a, new Slices.Deferred(null, "first", new byte[0], T0, "t1"));
    Slices.defer(a, new Slices.Deferred(null, "second", new byte[0], T0, "t2"));
    assertThat(a.behind).extracting(Slices.Deferred::name).containsExactly("first", "second");
    turn();
    turn();
    assertThat(a.busy()).as("still busy until the waiting ones are taken").isTrue();
  }

  @Test
  void aParserThatThrowsEndsItsMessageThereCountedAsInternal() {
    StreamState a = table.open(A, BrokenParser.onEveryLine("devhealth"), T0, null);
    slices.start(A, a, lines(3 * Slices.LINES), T0, "a", 0);
    turn();
    assertThat(observer.rejected).containsExactly("internal");
    assertThat(finished).containsExactly("devA:0:a");
    assertThat(slices.active()).isFalse();
  }

  @Test
  void aStreamClosedMeanwhileIsDroppedFromTheTurns() {
    StreamState a = table.open(A, DEVHEALTH, T0, null);
    slices.start(A, a, lines(Slices.LINES + 1), T0, "a", 0);
    table.remove(A);
    turn();
    assertThat(finished).isEmpty();
    assertThat(slices.active()).isFalse();
  }
}
