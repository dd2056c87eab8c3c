package io.benchtap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.contract.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plain parts of {@code benchtap-bench bench}: histogram, rate windows, /metrics sums, replay. */
class BenchPartsTest {

  @Test
  void aBlockedLoopCountsTheTimerFiringsItSwallowed() {
    // A 5 ms timer: one loop is blocked for a second (one firing, a second late), another runs
    // on time 100 times. Uncorrected that is 1 bad sample in 101 and a p50 of 0.1 ms; a task due
    // at a random moment of that second waited 0.5 s on average, so 199 firings are added.
    LoopLags lags = new LoopLags(5);
    lags.record("loop-1", 1_000_000);
    for (int i = 0; i < 100; i++) {
      lags.record("loop-2", 100);
    }
    EventLoopProbe.Lag lag = lags.lag(2);
    assertThat(lag.samples()).isEqualTo(300);
    assertThat(lag.p50()).isCloseTo(250, within(5.0));
    assertThat(lag.max()).isCloseTo(1000, within(1.0));
    assertThat(lag.perLoopMax()).containsExactly(1000.0, 0.1);
    lags.reset();
    assertThat(lags.lag(2).samples()).isZero();
  }

  @Test
  void openLoopMessagesCarryTheMomentTheyWereDue() throws Exception {
    // 1000 msgs/s from t0: message 0 is due 1 ms after t0, message 41 at 42 ms, whenever they go out.
    long t0 = 1_764_000_000_000_000L;
    assertThat(Pacer.dueMicros(t0, 0, 1000)).isEqualTo(t0 + 1000);
    assertThat(Pacer.dueMicros(t0, 41, 1000)).isEqualTo(t0 + 42_000);
    List<Fixtures.Fixture> fx = Fixtures.load(Path.of("src/test/resources/outputs"), List.of("sysbench"));
    StreamSet s = new StreamSet("benchtap/v1", fx.subList(0, 1), 1, "r1", 1);
    assertThat(io.benchtap.pipeline.StatusEvent.decode(s.next(t0 + 1000).payload()).time())
        .isEqualTo(java.time.Instant.ofEpochSecond(1_764_000_000L, 1_000_000));
    Payload out = Payload.decode(s.next(Pacer.dueMicros(t0, 41, 1000)).payload().getBytes(StandardCharsets.UTF_8), 65536, n -> { });
    assertThat(out.deviceTime()).isEqualTo(java.time.Instant.ofEpochSecond(1_764_000_000L, 42_000_000));
  }

  @Test
  void rateWindowIsTheSlopeOfTheSteadyPartOnly() throws Exception {
    AtomicLong clock = new AtomicLong();
    // A counter that waits, then grows by 100 per sample, then stops at 1000.
    try (RateSampler s = new RateSampler(() -> new double[] {Math.min(1000, Math.max(0, clock.get() - 3) * 100)}, 5)) {
      for (int i = 0; i < 20; i++) {
        clock.incrementAndGet();
        Thread.sleep(20);
      }
      RateSampler.Window w = s.window(0, 1000);
      assertThat(w.reachedTarget()).isTrue();
      assertThat(w.deltas()[0]).isGreaterThan(0).isLessThan(1000);
      assertThat(s.sinceStart(0)).isEqualTo(1000);
    }
  }

  @Test
  void metricsSumsEveryLabelSetAndOnlyThatMetric() {
    String text = String.join("\n",
        "# HELP benchtap_ingest_lines_total Lines",
        "benchtap_ingest_lines_total{tool=\"sysbench\"} 10.0",
        "benchtap_ingest_lines_total{tool=\"iperf3\"} 5.0",
        "benchtap_ingest_lines_total_other 99",
        "benchtap_ingest_messages_total{kind=\"out\"} 7.0",
        "benchtap_ingest_messages_total{kind=\"status\"} 2.0",
        "");
    assertThat(MetricsText.sum(text, "benchtap_ingest_lines_total")).isEqualTo(15);
    assertThat(MetricsText.sum(text, "benchtap_ingest_messages_total", "kind=\"out\"")).isEqualTo(7);
    assertThat(MetricsText.sum(text, "benchtap_nothing")).isZero();
  }

  @Test
  void streamsReplayRealFixturesWithHeaderAndStatus() throws Exception {
    List<Fixtures.Fixture> fx = Fixtures.load(Path.of("src/test/resources/outputs"), List.of("sysbench"));
    assertThat(fx).isNotEmpty().allMatch(f -> f.tool().equals("sysbench") && !f.lines().isEmpty());
    StreamSet s = new StreamSet("benchtap/v1", fx, 2, "r1", 1);
    StreamSet.Msg a = s.next();
    StreamSet.Msg b = s.next();
    assertThat(a.topic()).isEqualTo("benchtap/v1/bench-0/native/r1/sysbench/1/status");
    assertThat(a.payload()).contains("\"event\":\"started\"");
    assertThat(b.topic()).startsWith("benchtap/v1/bench-1/");
    StreamSet.Msg out = s.next();
    assertThat(out.out()).isTrue();
    assertThat(out.topic()).endsWith("/out");
    Payload p = Payload.decode(out.payload().getBytes(StandardCharsets.UTF_8), 65536, n -> { });
    assertThat(p.seq().getAsLong()).isZero();
    assertThat(p.deviceTime()).isNotNull();
    assertThat(p.lines()).containsExactly(fx.get(0).lines().get(0));
    int lines = fx.get(0).lines().size();
    StreamSet one = new StreamSet("benchtap/v1", fx.subList(0, 1), 1, "r1", 1);
    one.next();
    for (int i = 0; i < lines; i++) {
      assertThat(one.next().out()).isTrue();
    }
    StreamSet.Msg finished = one.next();
    assertThat(finished.payload()).contains("\"event\":\"finished\"");
    StreamSet.Msg started = one.next();
    assertThat(started.payload()).contains("\"event\":\"started\"");
    // the status contract: t is a number of epoch seconds (a string is rejected as bad_status)
    for (StreamSet.Msg status : List.of(finished, started)) {
      assertThat(io.benchtap.pipeline.StatusEvent.decode(status.payload()).time()).isNotNull();
    }
    assertThat(Payload.decode(one.next().payload().getBytes(StandardCharsets.UTF_8), 65536, n -> { }).seq().getAsLong())
        .isEqualTo(lines);
  }

  @Test
  void scrapeDevicesEachSendOneWholeMessageUnderTheirOwnName() throws Exception {
    Fixtures.Fixture line = new Fixtures.Fixture("devhealth", "scrape", List.of("memory_available_bytes 1048576"), null);
    StreamSet devices = new StreamSet("benchtap/v1", List.of(line), 3, "r1", 1, "scrape-");
    assertThat(devices.whole(2).topic()).isEqualTo("benchtap/v1/scrape-2/native/r1/devhealth/1/out");
    Payload p = Payload.decode(devices.whole(2).payload().getBytes(StandardCharsets.UTF_8), 65536, n -> { });
    assertThat(p.lines()).containsExactly("memory_available_bytes 1048576");
  }

  @Test
  void residentMemoryIsReadFromProc() {
    // Linux only, as the bench's figures are: VmRSS is positive and at most the peak VmHWM.
    long rss = ProcessMemory.rss();
    assertThat(rss).isPositive();
    assertThat(ProcessMemory.peakRss()).isGreaterThanOrEqualTo(rss);
  }
}
