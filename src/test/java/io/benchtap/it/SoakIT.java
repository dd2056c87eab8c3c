package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.bench.soak.SoakReport;
import io.benchtap.bench.soak.SoakRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak: benchtap serve in its own JVM with the file sink and the InfluxDB sink, a
 * private Mosquitto and a private VictoriaMetrics; for a minute unique values are published while
 * the broker and VictoriaMetrics are each restarted (SIGTERM) and serve is killed (SIGKILL) and
 * started again with the same client id, files and spool, at seeded random moments. Every value
 * must be in the line-protocol files exactly once and in the store at exactly one point: benchtap
 * acknowledges a message only after both sinks hold it on disk, the broker keeps the persistent
 * session across its restart and serve's death, redeliveries are recognised by the agent header's
 * seq and the marks in the files and the spool, and the sink's spool waits for VictoriaMetrics.
 * A point posted again after a kill is the same point (series, time, value) and is counted as
 * resent, not as a duplicate.
 */
class SoakIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killsOfServeAndRestartsOfBrokerAndStoreLoseAndDuplicateNothing() throws Exception {
    // Seed 20261126 plans the broker down at 10.5 s (1.8 s) and 33.1 s, VictoriaMetrics at 24.0 s and 43.9 s (5.8 s);
    // serve killed at 12.1 s (while the broker is down and serve disconnected), 30.1 s and 48.0 s.
    SoakRun.Faults faults = new SoakRun.Faults(true, true, true, 8, 14, 3, 6, 12, 20, 3);
    SoakRun.Options o = new SoakRun.Options(60, 50, 8, faults, 20261126L, "256m", Path.of(ItEnv.jar()), dir, List.of());
    SoakReport report = new SoakRun(o, System.out).run();
    System.out.print(report.text());

    assertThat(report.faults("broker")).as("broker restarts").isPositive();
    assertThat(report.faults("victoria-metrics")).as("VictoriaMetrics outages").isPositive();
    assertThat(report.faults("benchtap-serve")).as("SIGKILLs of serve").isPositive();
    assertThat(report.published()).isGreaterThan(1000);
    assertThat(report.files().lost()).as("lost from the files: %s", report.files()).isZero();
    assertThat(report.files().duplicated()).as("twice in the files: %s", report.files()).isZero();
    assertThat(report.files().values()).isEqualTo(report.published());
    assertThat(report.store().lost()).as("lost from the store: %s", report.store()).isZero();
    assertThat(report.store().duplicated()).as("at two points in the store: %s", report.store()).isZero();
    assertThat(report.store().values()).isEqualTo(report.published());
    assertThat(report.ok()).isTrue();
  }
}
