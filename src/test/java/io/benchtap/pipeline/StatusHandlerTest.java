package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.contract.Payload;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** started/finished status and agent state, with the real HPL and sysbench parsers and real outputs. */
class StatusHandlerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant DEVICE_T = Instant.ofEpochSecond(1764151200L);
  private static final StreamKey HPL = new StreamKey("dev1", "native", "r1", "hpl", "1");
  private static final StreamKey SYSBENCH = new StreamKey("dev1", "native", "r1", "sysbench", "1");
  private static final ParserRegistry PARSERS = ParserRegistry.load();

  private final RecordingObserver observer = new RecordingObserver();
  private final StreamTable table = new StreamTable(new ReorderBuffer.Limit(8), observer);
  private final StatusHandler status = new StatusHandler(table, observer);

  private static ToolParser parser(StreamKey key) {
    return PARSERS.find(key.tool()).orElseThrow();
  }

  /** Feeds the first {@code n} lines of a real output to the stream, as its messages would. */
  private StreamState feed(StreamKey key, String fixture, int n) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/outputs", key.tool(), fixture));
    Payload p = new Payload(lines.subList(0, Math.min(n, lines.size())), OptionalLong.empty(), null);
    StreamState st = table.open(key, parser(key), T0, null);
    st.parse(p, T0, 0, p.lines().size(), new ArrayList<>(), new ArrayList<>(), observer);
    observer.measurements = 0;
    return st;
  }

  private OutcomeBuilder apply(StreamKey key, String json) throws Exception {
    OutcomeBuilder acc = new OutcomeBuilder();
    StatusEvent ev = status.decode(key, json.getBytes(StandardCharsets.UTF_8));
    assertThat(ev).as(json).isNotNull();
    status.apply(key, parser(key), ev, T0, acc);
    return acc;
  }

  private static List<String> finals(List<Measurement> ms) {
    return ms.stream().filter(m -> m.phase() == Phase.FINAL).map(Measurement::metric).toList();
  }

  @Test
  void startedEndsThePreviousRunsParserAndOpensANewOneWithTheCommandLineAndNet() throws Exception {
    // HPL's output cut short after the residual check: the previous run's best result is buffered.
    StreamState previous = feed(HPL, "hpl21_siliconx_asc.txt", 55);
    OutcomeBuilder acc = apply(HPL, "{\"event\":\"started\",\"command\":\"xhpl\",\"version\":\"2.3\",\"net\":\"veth\","
        + "\"instances\":4,\"labels\":{\"board\":\"rpi4\"}}");
    assertThat(finals(acc.out)).containsExactly("flops_per_second", "total_time_seconds", "hpl_scaled_residual_ratio");
    assertThat(observer.measurements).isEqualTo(3);
    StreamState now = table.get(HPL);
    assertThat(now).isNotSameAs(previous);
    assertThat(now.parser).isNotSameAs(previous.parser);
    assertThat(now.net).isEqualTo("veth");
    assertThat(acc.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(RunEvent.Type.STARTED);
      assertThat(e.command()).isEqualTo("xhpl");
      assertThat(e.version()).isEqualTo("2.3");
      assertThat(e.instances()).isEqualTo(4);
      assertThat(e.net()).isEqualTo("veth");
      assertThat(e.labels()).isEqualTo(Map.of("board", "rpi4"));
    });
    assertThat(observer.events).isEqualTo(acc.events);
  }

  private static final StreamKey IPERF3 = new StreamKey("dev1", "native", "r1", "iperf3", "1");

  /**
   * iperf3 -R (a real capture): its header in one message at device time {@code firstAt}, then
   * the interval lines, with a started at device time {@code startedAt} applied in between when
   * {@code late}, else before the header. Returns the interval measurements' directions.
   */
  private List<String> reverseRun(boolean late, Instant startedAt, Instant firstAt) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/outputs/iperf3/iperf3_tcp_reverse_client.txt"));
    String started = "{\"event\":\"started\",\"t\":" + startedAt.getEpochSecond() + ",\"net\":\"veth\"}";
    if (!late) {
      apply(IPERF3, started);
    }
    StreamState st = table.open(IPERF3, parser(IPERF3), T0, null);
    st.parse(new Payload(lines.subList(0, 4), OptionalLong.of(0), firstAt), T0, 0, 4, new ArrayList<>(), new ArrayList<>(),
        observer);
    if (late) {
      OutcomeBuilder acc = apply(IPERF3, started);
      assertThat(acc.events).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(RunEvent.Type.STARTED));
    }
    List<Measurement> out = new ArrayList<>();
    Payload rest = new Payload(lines.subList(4, 7), OptionalLong.of(1), firstAt.plusSeconds(3));
    StreamState now = table.get(IPERF3);
    now.parse(rest, T0, 0, 3, out, new ArrayList<>(), observer);
    assertThat(out).isNotEmpty().allSatisfy(m -> assertThat(m.net()).isEqualTo("veth"));
    return out.stream().map(m -> String.valueOf(m.labels().get("direction"))).distinct().toList();
  }

  @Test
  void aStartedTheDevicePrintedBeforeOutputAlreadyParsedKeepsTheParserStateThatOutputBegan() throws Exception {
    List<String> inOrder = reverseRun(false, DEVICE_T, DEVICE_T.plusSeconds(1));
    assertThat(inOrder).as("the header's reverse mode tells the parser the direction").containsExactly("receiver");
    table.remove(IPERF3);
    int lateBefore = observer.late;
    assertThat(reverseRun(true, DEVICE_T, DEVICE_T.plusSeconds(1))).isEqualTo(inOrder);
    assertThat(observer.late).as("counted as handled out of order").isEqualTo(lateBefore + 1);
  }

  @Test
  void aStartedTheDevicePrintedAfterTheOutputIsANewRun() throws Exception {
    // Started after the header on the device's clock: a new process, whose parser knows nothing yet.
    assertThat(reverseRun(true, DEVICE_T.plusSeconds(2), DEVICE_T.plusSeconds(1))).doesNotContain("receiver");
  }

  @Test
  void theNewParserKnowsTheCommandLineOfTheStartedStatus() throws Exception {
    apply(SYSBENCH, "{\"event\":\"started\",\"command\":\"sysbench memory --threads=2 run\"}");
    List<Measurement> out = new ArrayList<>();
    Payload p = new Payload(List.of("[ 1s ] thds: 2 eps: 2345.67 lat (ms,95%): 0.86"), OptionalLong.empty(), null);
    table.get(SYSBENCH).parse(p, T0, 0, 1, out, new ArrayList<>(), observer);
    assertThat(out).isNotEmpty().allSatisfy(m -> assertThat(m.benchmark()).isEqualTo("memory"));
  }

  @Test
  void finishedEndsTheParserOnceAndANonZeroExitCodeIsARunFailed() throws Exception {
    feed(HPL, "hpl21_siliconx_asc.txt", 55);
    OutcomeBuilder first = apply(HPL, "{\"event\":\"finished\",\"exitCode\":3,\"durationSeconds\":1.5,\"t\":1764151200}");
    assertThat(finals(first.out)).hasSize(3);
    assertThat(first.out).allSatisfy(m -> {
      assertThat(m.time()).isEqualTo(DEVICE_T);
      assertThat(m.timeSource()).isEqualTo(TimeSource.DEVICE);
    });
    assertThat(first.events).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED, RunEvent.Type.FAILED);
    assertThat(first.events.get(0).exitCode()).isEqualTo(3);
    assertThat(first.events.get(0).durationSeconds()).isEqualTo(1.5);
    assertThat(first.events.get(1).reason()).isEqualTo("exit code 3");
    assertThat(observer.events).isEqualTo(first.events);
    OutcomeBuilder again = apply(HPL, "{\"event\":\"finished\",\"exitCode\":0}");
    assertThat(again.out).as("the parser was ended by the first finished").isEmpty();
    assertThat(again.events).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    assertThat(table.get(HPL).ended).isTrue();
  }

  @Test
  void aFailureTheParserReportedIsNotReportedAgainForTheExitCode() throws Exception {
    StreamState st = feed(SYSBENCH, "sysbench10_fileio_fatal_unprepared.txt", 1000);
    assertThat(st.failed).as("sysbench printed FATAL").isTrue();
    observer.events.clear();
    OutcomeBuilder acc = apply(SYSBENCH, "{\"event\":\"finished\",\"exitCode\":1}");
    assertThat(acc.events).extracting(RunEvent::type).containsExactly(RunEvent.Type.FINISHED);
    assertThat(observer.events).isEqualTo(acc.events);
  }

  @Test
  void aMalformedStatusIsCountedAndDecodesToNothing() throws Exception {
    assertThat(status.decode(HPL, "{\"event\":\"paused\"}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(status.decode(HPL, "[1]".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(observer.rejected).containsExactly("bad_status", "bad_status");
  }

  @Test
  void anAgentIsOnlineOrOfflineAsTextOrJsonAndAnythingElseIsCounted() throws Exception {
    status.agent("dev1", "online\n".getBytes(StandardCharsets.UTF_8));
    status.agent("dev2", "{\"state\":\"offline\",\"t\":1}".getBytes(StandardCharsets.UTF_8));
    status.agent("dev3", "{\"state\":".getBytes(StandardCharsets.UTF_8));
    status.agent("dev4", "asleep".getBytes(StandardCharsets.UTF_8));
    assertThat(observer.agents).containsExactly("dev1 online", "dev2 offline");
    assertThat(observer.rejected).containsExactly("bad_agent_state", "bad_agent_state");
  }
}
