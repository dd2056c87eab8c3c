package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.contract.Payload;
import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Stream lifecycle and expiry, with the real HPL parser and a real HPL output cut short. */
class StreamTableTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final StreamKey HPL = new StreamKey("dev1", "native", "r1", "hpl", "1");
  private static final StreamKey OTHER = new StreamKey("dev2", "native", "r1", "hpl", "1");
  private static final ToolParser HPL_PARSER = ParserRegistry.load().find("hpl").orElseThrow();

  private final RecordingObserver observer = new RecordingObserver();
  private final ReorderBuffer.Limit limit = new ReorderBuffer.Limit(8);
  private final StreamTable table = new StreamTable(limit, observer);

  /** HPL 2.1's output (hpl21_siliconx_asc) stopped after the residual check: its best result is buffered. */
  private static Payload hplCutShort() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/outputs/hpl/hpl21_siliconx_asc.txt"));
    return new Payload(lines.subList(0, 55), OptionalLong.empty(), null);
  }

  private StreamState fed(StreamKey key, Instant at) throws Exception {
    StreamState st = table.open(key, HPL_PARSER, at, null);
    Payload p = hplCutShort();
    st.parse(p, at, 0, p.lines().size(), new ArrayList<>(), new ArrayList<>(), observer);
    return st;
  }

  private static List<String> finals(List<Measurement> ms) {
    return ms.stream().filter(m -> m.phase() == Phase.FINAL).map(Measurement::metric).toList();
  }

  @Test
  void aStreamIsCreatedWithItsParserOnceAndEveryMessageRefreshesIt() {
    StreamState st = table.open(HPL, HPL_PARSER, T0, null);
    StreamParser parser = st.parser;
    assertThat(parser).isNotNull();
    assertThat(table.open(HPL, HPL_PARSER, T0.plusSeconds(5), StreamContext.ofCommand("xhpl"))).isSameAs(st);
    assertThat(st.parser).as("a later message does not restart the parser").isSameAs(parser);
    assertThat(st.lastSeen).isEqualTo(T0.plusSeconds(5));
    assertThat(table.get(HPL)).isSameAs(st);
    assertThat(table.size()).isEqualTo(1);
    assertThat(observer.openCounts).containsExactly(1);
  }

  @Test
  void anIdleStreamIsClosedItsParserFlushesWhatItBufferedAndItsStateIsDropped() throws Exception {
    fed(HPL, T0);
    fed(OTHER, T0.plusSeconds(10));
    OutcomeBuilder acc = new OutcomeBuilder();
    List<StreamKey> before = new ArrayList<>();
    Instant now = T0.plusSeconds(20);
    table.close(now, T0.plusSeconds(10), acc, (key, st) -> before.add(key));
    assertThat(finals(acc.out)).containsExactly("flops_per_second", "total_time_seconds", "hpl_scaled_residual_ratio");
    assertThat(acc.out).allSatisfy(m -> {
      assertThat(m.device()).isEqualTo("dev1");
      assertThat(m.time()).isEqualTo(now);
      assertThat(m.timeSource()).isEqualTo(TimeSource.ARRIVAL);
    });
    assertThat(before).as("only the stream idle since before T0+10s").containsExactly(HPL);
    assertThat(table.get(HPL)).isNull();
    assertThat(table.get(OTHER)).isNotNull();
    assertThat(observer.openCounts).containsExactly(1, 2, 1);
  }

  @Test
  void aStreamWithAMessageInProgressOrAnEndedParserIsNotFlushedAgain() throws Exception {
    StreamState busy = fed(HPL, T0);
    busy.slice = new Slices.Slice(hplCutShort(), T0, "token", 0);
    StreamState ended = fed(OTHER, T0);
    ended.ended = true;
    OutcomeBuilder acc = new OutcomeBuilder();
    table.close(T0.plusSeconds(60), Instant.MAX, acc, (key, st) -> { });
    assertThat(acc.out).as("the ended parser flushed at its finished status already").isEmpty();
    assertThat(table.get(HPL)).as("busy: closed when its message is parsed").isSameAs(busy);
    assertThat(table.get(OTHER)).isNull();
  }

  @Test
  void aParserThatThrowsAtTheEndIsCountedAndItsStreamClosedAnyway() {
    table.open(HPL, BrokenParser.atEnd("hpl"), T0, null);
    table.close(T0, Instant.MAX, new OutcomeBuilder(), (key, st) -> { });
    assertThat(observer.rejected).containsExactly("internal");
    assertThat(table.size()).isZero();
  }

  @Test
  void recoveredMarksHeldByEveryDurableSinkAreSeenAndTheOthersNameTheSinksThatHoldThem() {
    table.recovered(Map.of(new Mark(HPL, 3), 0b11, new Mark(HPL, 4), 0b01, new Mark(HPL, 5), 0b111), 0b11, T0, false);
    StreamState st = table.get(HPL);
    assertThat(st.parser).as("no parser until the stream speaks").isNull();
    assertThat(st.order.firstTime(3)).as("every sink holds 3: a redelivery").isFalse();
    assertThat(st.order.firstTime(5)).as("bits of sinks that are gone do not count").isFalse();
    assertThat(st.order.firstTime(4)).isTrue();
    assertThat(st.takeHeldBy(4)).isEqualTo(0b01);
    assertThat(st.takeHeldBy(4)).as("taken once").isZero();
    assertThat(observer.openCounts).containsExactly(1);
    assertThat(table.open(HPL, HPL_PARSER, T0, null).parser).isNotNull();
  }

  @Test
  void withReplayEvenAMessageEverySinkHeldIsParsedAgainAndWrittenOnlyToTheOthers() {
    table.recovered(Map.of(new Mark(HPL, 3), 0b11), 0b11, T0, true);
    StreamState st = table.get(HPL);
    assertThat(st.order.firstTime(3)).isTrue();
    assertThat(st.takeHeldBy(3)).isEqualTo(0b11);
  }
}
