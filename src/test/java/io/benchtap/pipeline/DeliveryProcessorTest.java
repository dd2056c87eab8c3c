package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.StreamKey;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stream processor's part in delivery: marks of agent messages, redeliveries after a restart
 * (from the durable sinks' marks), and long messages parsed a slice at a time, with the real
 * devhealth parser.
 */
class DeliveryProcessorTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final StreamKey A = new StreamKey("devA", "native", "r1", "devhealth", "host");
  private static final StreamKey B = new StreamKey("devB", "native", "r1", "devhealth", "host");

  private int duplicates;
  private final PipelineObserver observer = new PipelineObserver() {
    @Override
    public void duplicate(StreamKey key) {
      duplicates++;
    }
  };
  private final StreamProcessor processor = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", observer);

  private static String topic(StreamKey k) {
    return "benchtap/v1/" + k.device() + "/" + k.env() + "/" + k.run() + "/" + k.tool() + "/" + k.instance() + "/out";
  }

  private static byte[] msg(long seq, long... values) {
    StringBuilder sb = new StringBuilder("@benchtap seq=" + seq + " t=1796500000." + (100 + seq) + "\n");
    for (long v : values) {
      sb.append("memory_available_bytes ").append(v).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Long> values(List<Measurement> ms) {
    return ms.stream().map(m -> (long) m.value()).toList();
  }

  @Test
  void anAgentMessageCarriesItsMarkAndARedeliveryIsReportedAsADuplicateOfIt() {
    Outcome first = processor.process(topic(A), msg(7, 70), T0, new Object());
    assertThat(first.marks()).containsExactly(new Mark(A, 7));
    assertThat(first.self()).isEqualTo(new Mark(A, 7));
    Outcome again = processor.process(topic(A), msg(7, 70), T0, new Object());
    assertThat(again.duplicate()).isTrue();
    assertThat(again.self()).isEqualTo(new Mark(A, 7));
    assertThat(again.measurements()).isEmpty();
    assertThat(duplicates).isEqualTo(1);
  }

  @Test
  void aMessageEveryDurableSinkHeldBeforeARestartIsADuplicateWhenItComesAgain() {
    processor.recovered(Map.of(new Mark(A, 3), 0b11, new Mark(A, 4), 0b11), 0b11, T0);
    assertThat(processor.process(topic(A), msg(3, 30), T0, new Object()).duplicate()).isTrue();
    assertThat(processor.process(topic(A), msg(4, 40), T0, new Object()).duplicate()).isTrue();
    Outcome next = processor.process(topic(A), msg(5, 50), T0, new Object());
    assertThat(values(next.measurements())).containsExactly(50L);
    assertThat(next.skips()).isEmpty();
  }

  @Test
  void aMessageOnlySomeSinksHeldIsProcessedAndSkippedForThoseSinks() {
    // Sink bit 0 held seq 3 when the process died, sink bit 1 did not.
    processor.recovered(Map.of(new Mark(A, 3), 0b01), 0b11, T0);
    Outcome o = processor.process(topic(A), msg(3, 30, 31), T0, new Object());
    assertThat(values(o.measurements())).containsExactly(30L, 31L);
    assertThat(o.skips()).singleElement().satisfies(k -> {
      assertThat(k.sinks()).isEqualTo(0b01);
      assertThat(k.mark()).isEqualTo(new Mark(A, 3));
    });
    SinkBatch all = new SinkBatch(o.measurements(), o.events(), o.marks());
    assertThat(PipelineWorker.without(all, o.skips(), 0).measurements()).isEmpty();
    assertThat(PipelineWorker.without(all, o.skips(), 0).marks()).isEmpty();
    assertThat(values(PipelineWorker.without(all, o.skips(), 1).measurements())).containsExactly(30L, 31L);
  }

  @Test
  void aStreamsMarksGoToTheWorkerItsTopicsGoTo() {
    for (int workers = 1; workers <= 7; workers++) {
      assertThat(PipelineVerticle.indexFor("benchtap/v1", A, workers)).isEqualTo(PipelineVerticle.indexFor(topic(A), workers));
      assertThat(PipelineVerticle.indexFor("benchtap/v1", B, workers))
          .isEqualTo(PipelineVerticle.indexFor(topic(B).replace("/out", "/status"), workers));
    }
  }

  @Test
  void aStartedStatusForgetsWhatWasHeldBeforeTheRestart() {
    processor.recovered(Map.of(new Mark(A, 0), 0b1), 0b1, T0);
    processor.process(topic(A).replace("/out", "/status"), "{\"event\":\"started\"}".getBytes(StandardCharsets.UTF_8), T0,
        new Object());
    // A new process of the same stream starts again at seq 0: not a duplicate.
    assertThat(values(processor.process(topic(A), msg(0, 1), T0, new Object()).measurements())).containsExactly(1L);
  }

  @Test
  void aKafkaReplayReadingTheStartedStatusAgainKeepsWhatTheLogHeld() {
    // A Kafka processor takes a partition over and reads the stream again from its started status.
    processor.recovered(Map.of(new Mark(A, 0), 0b1), 0b1, T0, true);
    processor.process(topic(A).replace("/out", "/status"), "{\"event\":\"started\"}".getBytes(StandardCharsets.UTF_8), T0,
        new Object());
    Outcome o = processor.process(topic(A), msg(0, 1), T0, new Object());
    // Parsed again (parser state) but skipped for the log that holds it.
    assertThat(values(o.measurements())).containsExactly(1L);
    assertThat(o.skips()).singleElement().satisfies(k -> assertThat(k.sinks()).isEqualTo(0b1));
  }

  @Test
  void aLongMessageIsParsedASliceAtATimeWhileOtherStreamsGoOnAndItsStreamWaitsInOrder() {
    int n = StreamProcessor.SLICE_LINES * 3 + 10;
    long[] big = new long[n];
    for (int i = 0; i < n; i++) {
      big[i] = i;
    }
    Object bigToken = new Object();
    Outcome start = processor.process(topic(A), msg(0, big), T0, bigToken);
    assertThat(start.held()).isTrue();
    assertThat(start.measurements()).isEmpty();
    assertThat(processor.hasSlices()).isTrue();
    // The next message of the same stream waits behind it; another stream goes on at once.
    Object behind = new Object();
    assertThat(processor.process(topic(A), msg(1, 123456), T0, behind).held()).isTrue();
    assertThat(values(processor.process(topic(B), msg(0, 99), T0, new Object()).measurements())).containsExactly(99L);
    List<Long> seen = new ArrayList<>();
    List<Object> released = new ArrayList<>();
    List<Mark> marks = new ArrayList<>();
    int turns = 0;
    while (processor.hasSlices()) {
      Outcome o = processor.continueSlices();
      seen.addAll(values(o.measurements()));
      released.addAll(o.released());
      marks.addAll(o.marks());
      turns++;
    }
    assertThat(turns).isEqualTo(4);
    assertThat(seen).hasSize(n + 1);
    for (int i = 0; i < n; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
    assertThat(seen.get(n)).isEqualTo(123456L);
    assertThat(released).containsExactly(bigToken, behind);
    assertThat(marks).containsExactly(new Mark(A, 0), new Mark(A, 1));
  }

  /**
   * Several messages waiting behind a long one go on in order when it is parsed. The processor
   * used to send each of them through the same check that had put it behind ("its stream is
   * busy": the others were still waiting), so it went to the back again, and with two or more
   * waiting, the worker's event loop spun for ever.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void severalMessagesWaitingBehindALongOneGoOnInOrderWhenItIsParsed() {
    Object bigToken = new Object();
    assertThat(processor.process(topic(A), msg(0, new long[StreamProcessor.SLICE_LINES + 1]), T0, bigToken).held()).isTrue();
    List<Object> behind = List.of("seq1", "seq2", "seq3");
    for (int i = 0; i < behind.size(); i++) {
      assertThat(processor.process(topic(A), msg(i + 1, 100 + i), T0, behind.get(i)).held()).isTrue();
    }
    List<Object> released = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    while (processor.hasSlices()) {
      Outcome o = processor.continueSlices();
      released.addAll(o.released());
      values.addAll(values(o.measurements()));
    }
    assertThat(released).containsExactly(bigToken, "seq1", "seq2", "seq3");
    assertThat(values.subList(values.size() - 3, values.size())).containsExactly(100L, 101L, 102L);
    assertThat(processor.process(topic(A), msg(4, 104), T0, new Object()).held()).as("nothing waits any more").isFalse();
  }

  @Test
  void closingParsesWhatIsLeftOfALongMessage() {
    long[] big = new long[StreamProcessor.SLICE_LINES + 5];
    Outcome start = processor.process(topic(A), msg(0, big), T0, new Object());
    assertThat(start.held()).isTrue();
    Outcome closed = processor.closeAll(T0);
    assertThat(closed.measurements()).hasSize(big.length);
    assertThat(processor.hasSlices()).isFalse();
  }
}
