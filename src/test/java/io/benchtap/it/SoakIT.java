package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.bench.soak.SoakReport;
import io.benchtap.bench.soak.SoakRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak: benchtap serve in its own JVM, a private Mosquitto and a private
 * VictoriaMetrics; for a minute unique values are published while the broker and VictoriaMetrics
 * are each restarted (SIGTERM) at random moments, VictoriaMetrics for at most 6 s, well within the
 * InfluxDB sink's retry budget (8 retries from 1 s, doubling). Every value must be stored exactly
 * once: benchtap acknowledges a message only after its sinks hold it, the broker keeps the
 * persistent session across its restart, redeliveries are dropped by the agent header's seq, and
 * the sink retries until VictoriaMetrics is back.
 */
class SoakIT {
  @TempDir
  Path dir;

  @Test
  void restartsOfBrokerAndStoreLoseAndDuplicateNothing() throws Exception {
    SoakRun.Options o = new SoakRun.Options(60, 50, 8, 8, 14, 3, 6, 20261126L, "256m", Path.of(ItEnv.jar()), dir, List.of());
    SoakReport report = new SoakRun(o, System.out).run();
    System.out.print(report.text());

    assertThat(report.outages()).as("outages carried out").anyMatch(s -> s.startsWith("broker"))
        .anyMatch(s -> s.startsWith("victoria-metrics"));
    assertThat(report.published()).isGreaterThan(1000);
    assertThat(report.lost()).as("lost").isZero();
    assertThat(report.duplicated()).as("duplicated").isZero();
    assertThat(report.stored()).isEqualTo(report.published());
    assertThat(report.ok()).isTrue();
  }
}
