package io.benchtap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.ingest.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plain parts of {@code benchtap bench}: histogram, rate windows, /metrics sums, replay. */
class BenchPartsTest {

  @Test
  void histogramPercentilesAreWithinOnePercent() {
    LatencyHistogram h = new LatencyHistogram();
    long[] values = new long[100_000];
    Random r = new Random(7);
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(r.nextDouble() * Math.log(5_000_000));
      h.record(values[i]);
    }
    java.util.Arrays.sort(values);
    assertThat(h.count()).isEqualTo(values.length);
    assertThat(h.max()).isEqualTo(values[values.length - 1]);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      assertThat((double) h.percentile(p)).as("p%s", p).isCloseTo(exact, within(Math.max(1, exact * 0.01)));
    }
    for (int i = 0; i < 20_000; i += 7) {
      assertThat(LatencyHistogram.lowest(LatencyHistogram.index(i))).isLessThanOrEqualTo(i);
    }
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
