package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processor with the real sysbench parser and real captured output. */
class StreamProcessorTest {
  private static final String OUT = "benchtap/v1/dev1/native/r1/sysbench/1/out";
  private static final String STATUS = "benchtap/v1/dev1/native/r1/sysbench/1/status";
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final Map<String, Integer> rejected = new HashMap<>();
  private final List<String> rejectedDetails = new ArrayList<>();
  private final List<RunEvent> events = new ArrayList<>();
  private int duplicates;
  private int held;
  private long gaps;
  private int unparsed;
  private final PipelineObserver observer = new PipelineObserver() {
    @Override
    public void rejected(String reason, String detail) {
      rejected.merge(reason, 1, Integer::sum);
      rejectedDetails.add(detail);
    }

    @Override
    public void duplicate(StreamKey key) {
      duplicates++;
    }

    @Override
    public void held(StreamKey key) {
      held++;
    }

    @Override
    public void gapSkipped(StreamKey key, long missing) {
      gaps += missing;
    }

    @Override
    public void unparsed(StreamKey key, String line, String reason) {
      unparsed++;
    }

    @Override
    public void runEvent(RunEvent e) {
      events.add(e);
    }
  };
  private final StreamProcessor processor = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", observer);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> fixture(String name) throws Exception {
    return Files.readAllLines(Path.of("src/test/resources/outputs/sysbench", name));
  }

  @Test
  void intervalLineBecomesALiveMeasurementWithArrivalTime() {
    Outcome o = processor.process(OUT, b("[ 1s ] thds: 2 eps: 2345.67 lat (ms,95%): 0.86"), T0);
    Measurement eps = o.measurements().stream().filter(m -> m.metric().equals("events_per_second")).findFirst().orElseThrow();
    assertThat(eps.value()).isEqualTo(2345.67);
    assertThat(eps.phase()).isEqualTo(Phase.INTERVAL);
    assertThat(eps.device()).isEqualTo("dev1");
    assertThat(eps.env()).isEqualTo("native");
    assertThat(eps.instance()).isEqualTo("1");
    assertThat(eps.time()).isEqualTo(T0);
    assertThat(eps.timeSource()).isEqualTo(TimeSource.ARRIVAL);
  }

  @Test
  void linesSpreadOverManyMessagesGiveTheSameResultAsOneMessage() throws Exception {
    List<String> lines = fixture("sysbench10_cpu_t2_interval.txt");
    List<String> oneByOne = new ArrayList<>();
    for (String line : lines) {
      processor.process(OUT, b(line), T0).measurements().forEach(m -> oneByOne.add(m.metric() + m.labels() + m.phase() + "=" + m.value()));
    }
    StreamProcessor other = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", observer);
    List<String> batch = new ArrayList<>();
    other.process(OUT, b(String.join("\n", lines) + "\n"), T0).measurements()
        .forEach(m -> batch.add(m.metric() + m.labels() + m.phase() + "=" + m.value()));
    assertThat(oneByOne).isNotEmpty().isEqualTo(batch);
    assertThat(batch).anyMatch(s -> s.startsWith("events_per_second{}FINAL="));
  }

  @Test
  void startedStatusSetsNetAndDeviceTimeIsUsed() {
    processor.process(STATUS, b("{\"event\":\"started\",\"command\":\"sysbench cpu --threads=2 run\",\"net\":\"veth\",\"instances\":4,\"t\":1764151200}"), T0);
    Outcome o = processor.process(OUT, b("@benchtap seq=1 t=1764151201.5\n[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0);
    assertThat(o.measurements()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.net()).isEqualTo("veth");
      assertThat(m.benchmark()).isEqualTo("cpu");
      assertThat(m.timeSource()).isEqualTo(TimeSource.DEVICE);
      assertThat(m.time()).isEqualTo(Instant.ofEpochSecond(1764151201L, 500_000_000));
    });
    assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.STARTED);
    assertThat(events.get(0).instances()).isEqualTo(4);
  }

  @Test
  void redeliveredSequenceNumbersAreSkipped() {
    String msg = "@benchtap seq=5\n[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00";
    assertThat(processor.process(OUT, b(msg), T0).measurements()).isNotEmpty();
    assertThat(processor.process(OUT, b(msg), T0).measurements()).isEmpty();
    // A late but new message (a broker backlog handed over behind a newer one) is kept...
    String late = "@benchtap seq=4\n[ 2s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00";
    assertThat(processor.process(OUT, b(late), T0).measurements()).isNotEmpty();
    // ...and its redelivery is not.
    assertThat(processor.process(OUT, b(late), T0).measurements()).isEmpty();
    assertThat(duplicates).isEqualTo(2);
    assertThat(processor.process(OUT, b("@benchtap seq=6\n[ 3s ] thds: 2 eps: 101.00 lat (ms,95%): 1.00"), T0).measurements()).isNotEmpty();
  }

  @Test
  void aSeqOfLongMaxIsProcessedAndItsRedeliverySkipped() {
    String msg = "@benchtap seq=9223372036854775807\n[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00";
    assertThat(processor.process(OUT, b(msg), T0).measurements()).isNotEmpty();
    assertThat(processor.process(OUT, b(msg), T0).measurements()).isEmpty();
    assertThat(duplicates).isEqualTo(1);
    assertThat(rejected).isEmpty();
  }

  @Test
  void aDeviceTimeBeyondEpochNanosecondsInALongIsABadHeaderOrBadStatusAndTheStreamGoesOn() {
    processor.process(OUT, b("@benchtap seq=1 t=99999999999999\n[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0);
    processor.process(STATUS, b("{\"event\":\"finished\",\"t\":99999999999,\"exitCode\":0}"), T0);
    assertThat(rejected).isEqualTo(Map.of("bad_header", 1, "bad_status", 1));
    assertThat(events).isEmpty();
    Outcome o = processor.process(OUT, b("@benchtap seq=2 t=1764151201\n[ 2s ] thds: 2 eps: 101.00 lat (ms,95%): 1.00"), T0);
    assertThat(o.measurements()).isNotEmpty().allSatisfy(m -> assertThat(m.time()).isEqualTo(Instant.ofEpochSecond(1764151201L)));
  }

  @Test
  void anInstanceThatIsNotANumberIsATopicRejectionSayingWhatItMustBe() {
    processor.process("benchtap/v1/dev1/native/r1/sysbench/i,n=st/out", b("[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0);
    assertThat(rejected).isEqualTo(Map.of("topic", 1));
    assertThat(rejectedDetails).containsExactly("topic does not follow the contract (instance must be 1..4096 without "
        + "leading zeros, or host): benchtap/v1/dev1/native/r1/sysbench/i,n=st/out");
    assertThat(processor.process(OUT, b("[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0).measurements()).isNotEmpty();
  }

  @Test
  void failedExitCodeBecomesARunFailedEvent() {
    processor.process(STATUS, b("{\"event\":\"started\",\"command\":\"sysbench cpu run\"}"), T0);
    processor.process(STATUS, b("{\"event\":\"finished\",\"exitCode\":3,\"durationSeconds\":1.5}"), T0);
    assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.STARTED, RunEvent.Type.FINISHED, RunEvent.Type.FAILED);
    assertThat(events.get(1).exitCode()).isEqualTo(3);
    assertThat(events.get(1).durationSeconds()).isEqualTo(1.5);
  }

  @Test
  void badInputIsCountedAndGoodInputStillArrives() {
    processor.process(OUT, new byte[] {1, 0, 2, (byte) 0xff}, T0);
    processor.process(OUT, new byte[] {'a', (byte) 0xC3, (byte) 0x28}, T0);
    processor.process(OUT, b("x".repeat(70_000)), T0);
    processor.process("benchtap/v1/too/short/out", b("x"), T0);
    processor.process("benchtap/v1/d/native/r/nosuchtool/1/out", b("x"), T0);
    processor.process(STATUS, b("{not json"), T0);
    processor.process(STATUS, b("{\"event\":\"exploded\"}"), T0);
    processor.process(STATUS, b("[1,2]"), T0);
    processor.process("benchtap/v1/d/agent", b("maybe"), T0);
    processor.process(OUT, new byte[5 * 1024 * 1024], T0);
    processor.process(OUT, b("complete garbage that sysbench never prints"), T0);
    assertThat(rejected).containsEntry("binary", 1).containsEntry("invalid_utf8", 1).containsEntry("line_too_long", 1)
        .containsEntry("topic", 1).containsEntry("unknown_tool", 1).containsEntry("bad_status", 3)
        .containsEntry("bad_agent_state", 1).containsEntry("too_large", 1);
    assertThat(unparsed).isEqualTo(1);
    assertThat(processor.process(OUT, b("[ 9s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0).measurements()).isNotEmpty();
  }

  @Test
  void idleStreamsExpireAndTheirStateIsDropped() {
    processor.process(OUT, b("[ 1s ] thds: 2 eps: 100.00 lat (ms,95%): 1.00"), T0);
    assertThat(processor.openStreams()).isEqualTo(1);
    processor.expire(T0.plusSeconds(60));
    assertThat(processor.openStreams()).isEqualTo(1);
    processor.expire(T0.plus(PipelineConfig.defaults().streamTtl()).plusSeconds(1));
    assertThat(processor.openStreams()).isZero();
  }

  private static String line(long seq, int second, double eps) {
    return "@benchtap seq=" + seq + "\n[ " + second + "s ] thds: 2 eps: " + eps + " lat (ms,95%): 1.00";
  }

  private static List<Double> eps(Outcome o) {
    return o.measurements().stream().filter(m -> m.metric().equals("events_per_second")).map(Measurement::value).toList();
  }

  @Test
  void aMessageAheadOfAGapWaitsAndTheStreamIsParsedInSeqOrder() {
    assertThat(eps(processor.process(OUT, b(line(0, 1, 100)), T0, "m0"))).containsExactly(100.0);
    Outcome ahead = processor.process(OUT, b(line(2, 3, 300)), T0, "m2");
    assertThat(ahead.held()).isTrue();
    assertThat(ahead.measurements()).isEmpty();
    assertThat(processor.process(OUT, b(line(3, 4, 400)), T0, "m3").held()).isTrue();
    assertThat(processor.heldMessages()).isEqualTo(2);
    // The missing one arrives: it and the two held go on, in seq order, with their tokens.
    Outcome gapFilled = processor.process(OUT, b(line(1, 2, 200)), T0, "m1");
    assertThat(gapFilled.held()).isFalse();
    assertThat(eps(gapFilled)).containsExactly(200.0, 300.0, 400.0);
    assertThat(gapFilled.released()).containsExactly("m2", "m3");
    assertThat(processor.heldMessages()).isZero();
    assertThat(held).isEqualTo(2);
    assertThat(gaps).isZero();
    // A redelivery of a held-then-processed message is still a duplicate.
    assertThat(processor.process(OUT, b(line(2, 3, 300)), T0, "again").measurements()).isEmpty();
    assertThat(duplicates).isEqualTo(1);
  }

  @Test
  void afterAStartedTheFirstOutputAboveSeqZeroWaitsForSeqZero() {
    // A broker handed seq 1 over before seq 0: a new process numbers its output from 0.
    processor.process(STATUS, b("{\"event\":\"started\",\"net\":\"veth\"}"), T0, null);
    Outcome ahead = processor.process(OUT, b(line(1, 2, 200)), T0, "m1");
    assertThat(ahead.held()).isTrue();
    Outcome first = processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(eps(first)).containsExactly(100.0, 200.0);
    assertThat(first.released()).containsExactly("m1");
    assertThat(gaps).isZero();
  }

  @Test
  void withoutAStartedTheFirstOutputSetsWhereTheStreamBegins() {
    // benchtap started in the middle of a run: nothing before the first seq it sees is waited for.
    assertThat(processor.process(OUT, b(line(5, 6, 600)), T0, "m5").held()).isFalse();
  }

  @Test
  void aGapThatIsNeverFilledIsGivenUpAfterTheHoldTime() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(processor.process(OUT, b(line(3, 4, 400)), T0.plusMillis(10), "m3").held()).isTrue();
    assertThat(processor.process(OUT, b(line(2, 3, 300)), T0.plusMillis(20), "m2").held()).isTrue();
    Duration hold = PipelineConfig.defaults().reorderHold();
    assertThat(processor.releaseOverdue(T0.plusMillis(10).plus(hold).minusMillis(1)).isEmpty()).isTrue();
    Outcome late = processor.releaseOverdue(T0.plusMillis(10).plus(hold));
    assertThat(eps(late)).containsExactly(300.0, 400.0);
    assertThat(late.released()).containsExactly("m2", "m3");
    assertThat(gaps).isEqualTo(1);
    // seq 1 turns up after all: not a duplicate, processed at once (late), nothing held.
    Outcome straggler = processor.process(OUT, b(line(1, 2, 200)), T0.plusSeconds(1), "m1");
    assertThat(straggler.held()).isFalse();
    assertThat(eps(straggler)).containsExactly(200.0);
    assertThat(processor.process(OUT, b(line(4, 5, 500)), T0.plusSeconds(1), "m4").held()).isFalse();
  }

  @Test
  void heldLinesComeBeforeTheStatusThatEndsTheirStream() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(processor.process(OUT, b(line(2, 3, 300)), T0, "m2").held()).isTrue();
    Outcome finished = processor.process(STATUS, b("{\"event\":\"finished\",\"exit_code\":0}"), T0, null);
    assertThat(eps(finished)).containsExactly(300.0);
    assertThat(finished.released()).containsExactly("m2");
    assertThat(finished.events()).extracting(RunEvent::type).contains(RunEvent.Type.FINISHED);
    assertThat(gaps).isEqualTo(1);
  }

  @Test
  void aFinishedThatOvertookItsLastOutputWaitsForItAndEndsTheStreamAfterIt() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    // The device sent 3 output messages before the status (seq 0..2); 1 and 2 come after it.
    Outcome early = processor.process(STATUS, b("{\"event\":\"finished\",\"exitCode\":0,\"seq\":3}"), T0, "fin");
    assertThat(early.held()).isTrue();
    assertThat(early.events()).isEmpty();
    assertThat(eps(processor.process(OUT, b(line(1, 2, 200)), T0, "m1"))).containsExactly(200.0);
    Outcome last = processor.process(OUT, b(line(2, 3, 300)), T0, "m2");
    assertThat(eps(last)).containsExactly(300.0);
    assertThat(last.events()).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    assertThat(last.released()).containsExactly("fin");
    // The stream ended: a later line of it is not parsed by the ended parser.
    assertThat(processor.releaseOverdue(T0.plusSeconds(3600)).isEmpty()).isTrue();
  }

  @Test
  void aFinishedWhoseOutputNeverComesGoesOnAfterTheHoldTime() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(processor.process(STATUS, b("{\"event\":\"finished\",\"exitCode\":0,\"seq\":5}"), T0.plusMillis(10), "fin")
        .held()).isTrue();
    Duration hold = PipelineConfig.defaults().reorderHold();
    assertThat(processor.releaseOverdue(T0.plusMillis(10).plus(hold).minusMillis(1)).isEmpty()).isTrue();
    Outcome given = processor.releaseOverdue(T0.plusMillis(10).plus(hold));
    assertThat(given.events()).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    assertThat(given.released()).containsExactly("fin");
  }

  @Test
  void aFinishedWithAllItsOutputOrWithoutSeqOrTokenGoesOnAtOnce() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    Outcome all = processor.process(STATUS, b("{\"event\":\"finished\",\"exitCode\":0,\"seq\":1}"), T0, "fin");
    assertThat(all.held()).isFalse();
    assertThat(all.events()).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    StreamProcessor other = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", observer);
    other.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(other.process(STATUS, b("{\"event\":\"finished\",\"seq\":4}"), T0, null).held()).as("no token").isFalse();
    StreamProcessor kafka = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", observer);
    kafka.holdFinished(false);
    kafka.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(kafka.process(STATUS, b("{\"event\":\"finished\",\"seq\":4}"), T0, "fin").held()).as("a Kafka processor").isFalse();
  }

  @Test
  void aWaitingFinishedGoesFirstWhenTheStreamCloses() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(processor.process(STATUS, b("{\"event\":\"finished\",\"seq\":9}"), T0, "fin").held()).isTrue();
    Outcome closed = processor.closeAll(T0.plusSeconds(1));
    assertThat(closed.events()).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    assertThat(closed.released()).containsExactly("fin");
  }

  @Test
  void withoutATokenOrWithoutAHoldTimeMessagesGoOnInArrivalOrder() {
    processor.process(OUT, b(line(0, 1, 100)), T0);
    Outcome ahead = processor.process(OUT, b(line(2, 3, 300)), T0);
    assertThat(ahead.held()).isFalse();
    assertThat(eps(ahead)).containsExactly(300.0);
    StreamProcessor noHold = new StreamProcessor(ParserRegistry.load(), new PipelineConfig(1, 1 << 20, 1 << 16,
        Duration.ofHours(1), 0, Duration.ZERO, 8), "benchtap/v1", observer);
    noHold.process(OUT, b(line(0, 1, 100)), T0, "m0");
    assertThat(noHold.process(OUT, b(line(2, 3, 300)), T0, "m2").held()).isFalse();
  }

  @Test
  void atMostReorderMaxHeldMessagesWaitAtOnceTheRestGoOnInArrivalOrder() {
    StreamProcessor capped = new StreamProcessor(ParserRegistry.load(), new PipelineConfig(2, 1 << 20, 1 << 16,
        Duration.ofHours(1), 0, Duration.ofMillis(250), 4), "benchtap/v1", observer);
    // 4 in total over 2 workers: this worker may hold 2.
    for (int k = 0; k < 3; k++) {
      capped.process("benchtap/v1/dev" + k + "/native/r1/sysbench/1/out", b(line(0, 1, 100)), T0, "a" + k);
    }
    assertThat(capped.process("benchtap/v1/dev0/native/r1/sysbench/1/out", b(line(2, 3, 300)), T0, "b0").held()).isTrue();
    assertThat(capped.process("benchtap/v1/dev1/native/r1/sysbench/1/out", b(line(2, 3, 300)), T0, "b1").held()).isTrue();
    Outcome third = capped.process("benchtap/v1/dev2/native/r1/sysbench/1/out", b(line(2, 3, 300)), T0, "b2");
    assertThat(third.held()).isFalse();
    assertThat(eps(third)).containsExactly(300.0);
    assertThat(capped.heldMessages()).isEqualTo(2);
    // Its predecessor, arriving after it, is late but not a duplicate.
    assertThat(eps(capped.process("benchtap/v1/dev2/native/r1/sysbench/1/out", b(line(1, 2, 200)), T0, "c2"))).containsExactly(200.0);
    // A freed place can be used again.
    assertThat(eps(capped.process("benchtap/v1/dev0/native/r1/sysbench/1/out", b(line(1, 2, 200)), T0, "c0")))
        .containsExactly(200.0, 300.0);
    assertThat(capped.heldMessages()).isEqualTo(1);
  }

  @Test
  void closingAStreamReleasesWhatItHeld() {
    processor.process(OUT, b(line(0, 1, 100)), T0, "m0");
    processor.process(OUT, b(line(5, 6, 600)), T0, "m5");
    Outcome closed = processor.closeAll(T0.plusSeconds(1));
    assertThat(closed.released()).containsExactly("m5");
    assertThat(eps(closed)).contains(600.0);
    assertThat(processor.heldMessages()).isZero();
  }
}
