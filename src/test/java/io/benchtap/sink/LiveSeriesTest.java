package io.benchtap.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.prometheus.LiveSeries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveSeriesTest {
  private final AtomicLong now = new AtomicLong();
  private final LiveSeries live = new LiveSeries(Duration.ofSeconds(60), now::get);
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  LiveSeriesTest() {
    registry.getPrometheusRegistry().register(live);
  }

  static Measurement m(String device, String metric, double v, Phase phase, Map<String, String> labels) {
    return new Measurement(Instant.EPOCH, device, "lxc", "veth", "run-1", "sysbench", "cpu", "2", metric, v, "per_second",
        phase, labels, TimeSource.ARRIVAL);
  }

  @Test
  void seriesAreExposedWithIdentityLabelsAndNoRunId() {
    live.update(List.of(m("rspi3", "events_per_second", 1234.5, Phase.FINAL, Map.of())));
    String text = registry.scrape();
    assertThat(text).contains("# TYPE benchtap_events_per_second gauge");
    assertThat(text).contains("benchtap_events_per_second{benchmark=\"cpu\",device=\"rspi3\",env=\"lxc\",instance=\"2\",net=\"veth\",phase=\"final\",tool=\"sysbench\"} 1234.5");
    assertThat(text).doesNotContain("run-1");
  }

  @Test
  void intervalValuesDoNotOverwriteTheFinalOne() {
    live.update(List.of(m("d", "events_per_second", 100, Phase.FINAL, Map.of())));
    live.update(List.of(m("d", "events_per_second", 50, Phase.INTERVAL, Map.of())));
    String text = registry.scrape();
    assertThat(text).contains("phase=\"final\",tool=\"sysbench\"} 100.0").contains("phase=\"interval\",tool=\"sysbench\"} 50.0");
  }

  @Test
  void totalsAreCountersAndMetricLabelsAreKept() {
    live.update(List.of(m("d", "events_total", 42, Phase.FINAL, Map.of()),
        m("d", "latency_seconds", 0.002, Phase.FINAL, Map.of("stat", "p95"))));
    String text = registry.scrape();
    assertThat(text).contains("# TYPE benchtap_events_total counter").contains("benchtap_events_total{");
    assertThat(text).contains("stat=\"p95\"");
  }

  @Test
  void newSeriesBeyondTheLimitAreRefusedAndCountedWhileExistingOnesKeepUpdating() {
    LiveSeries capped = new LiveSeries(Duration.ofSeconds(60), now::get, 2);
    assertThat(capped.update(List.of(m("a", "events_per_second", 1, Phase.FINAL, Map.of()),
        m("b", "events_per_second", 2, Phase.FINAL, Map.of())))).isZero();
    assertThat(capped.update(List.of(m("c", "events_per_second", 3, Phase.FINAL, Map.of()),
        m("a", "events_per_second", 10, Phase.FINAL, Map.of()),
        m("a", "events_per_second", 4, Phase.INTERVAL, Map.of())))).isEqualTo(2);
    assertThat(capped.size()).isEqualTo(2);
    assertThat(capped.refused()).isEqualTo(2);
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.getPrometheusRegistry().register(capped);
    assertThat(r.scrape()).contains("device=\"a\"").contains("} 10.0").doesNotContain("device=\"c\"");
    // Once the old series expire there is room again, without waiting for a scrape.
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    assertThat(capped.update(List.of(m("c", "events_per_second", 3, Phase.FINAL, Map.of())))).isZero();
    assertThat(capped.size()).isEqualTo(1);
    assertThat(capped.refused()).isEqualTo(2);
  }

  @Test
  void labelValuesAreEscaped() {
    live.update(List.of(m("dev \"quoted\"\\back\nline ü", "events_per_second", 1, Phase.FINAL, Map.of())));
    assertThat(registry.scrape()).contains("device=\"dev \\\"quoted\\\"\\\\back\\nline ü\"");
  }

  @Test
  void staleSeriesLeaveAfterTheTtl() {
    live.update(List.of(m("old", "events_per_second", 1, Phase.FINAL, Map.of())));
    now.addAndGet(Duration.ofSeconds(50).toNanos());
    live.update(List.of(m("new", "events_per_second", 2, Phase.FINAL, Map.of())));
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    String text = registry.scrape();
    assertThat(text).contains("device=\"new\"").doesNotContain("device=\"old\"");
    assertThat(live.size()).isEqualTo(1);
  }

  /**
   * The expiry (at every scrape, on the scrape thread) and the pipeline's updates run at the same
   * time. An update of a series that is being expired must not be lost: either the update comes
   * first and the series stays, or the expiry comes first and the update starts the series again.
   * Each round sets one series up as old, then one thread expires while another updates it; the
   * series must exist afterwards. The interleaving that loses it is found within a few thousand
   * rounds when it is possible; with the race closed no round can fail.
   */
  @Test
  void anUpdateRacingTheExpiryOfItsSeriesIsNeverLost() throws Exception {
    long fresh = Duration.ofHours(1).toNanos();
    Thread setup = Thread.currentThread();
    // The test thread writes the series as an hour old; the other two threads live an hour later.
    LiveSeries racing = new LiveSeries(Duration.ofSeconds(60), () -> Thread.currentThread() == setup ? 0 : fresh);
    List<Measurement> one = List.of(m("d", "events_per_second", 1, Phase.INTERVAL, Map.of()));
    int rounds = 20_000;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
    java.util.concurrent.CyclicBarrier end = new java.util.concurrent.CyclicBarrier(3);
    Runnable expirer = () -> loop(rounds, start, end, racing::expire);
    Runnable updater = () -> loop(rounds, start, end, () -> racing.update(one));
    Thread a = new Thread(expirer, "expirer");
    Thread b = new Thread(updater, "updater");
    a.start();
    b.start();
    int lost = 0;
    for (int r = 0; r < rounds; r++) {
      racing.update(one);
      start.await();
      end.await();
      if (racing.size() != 1) {
        lost++;
      }
    }
    a.join();
    b.join();
    assertThat(lost).as("rounds in which the update went into a series the expiry had removed").isZero();
  }

  private static void loop(int rounds, java.util.concurrent.CyclicBarrier start, java.util.concurrent.CyclicBarrier end, Runnable r) {
    try {
      for (int i = 0; i < rounds; i++) {
        start.await();
        r.run();
        end.await();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
