package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGKILL of {@code benchtap serve} in the middle of a stream of agent messages (with
 * {@code seq} headers), with the file sink and the InfluxDB sink both on: nothing runs at the
 * kill, no drain, no shutdown hook. A second instance with the same client id gets what was not
 * acknowledged again from the broker and must recognise what the first one already held (the
 * marks in the files and the spool). Every value must be in the files and in the store exactly
 * once: with the store up, and with the store down at the kill (the spool then holds it all).
 */
class CrashIT {
  private static final int STREAMS = 4;
  private static final int MESSAGES = 3000;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @ParameterizedTest(name = "store up at the kill: {0}, CPU loaded: {1}")
  @CsvSource({"true, false", "false, false", "true, true"})
  void sigkillMidStreamLosesNothingAndStoresNothingTwice(boolean storeUp, boolean loaded) throws Exception {
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"));
         OwnVictoriaMetrics vm = new OwnVictoriaMetrics(dir.resolve("vm"));
         CpuHog hog = loaded ? CpuHog.start(Runtime.getRuntime().availableProcessors() + 1) : null) {
      broker.start();
      vm.start();
      Path data = dir.resolve("data");
      String[] sets = {"mqtt.clientId=crash-it", "file.enabled=true", "file.dir=" + data, "influx.url=" + vm.url(),
          "influx.spoolDir=" + dir.resolve("spool"), "influx.flushIntervalMs=100", "influx.retryIntervalMs=100",
          "influx.maxRetryDelayMs=1000", "pipeline.workers=2"};
      // benchtap subscribes first (the broker keeps messages only for a session that exists).
      ServeProcess first = ServeProcess.start(dir, broker.port, dir.resolve("serve-1.log").toFile(), sets);
      try (AgentLoad load = AgentLoad.start(broker.port, "crash-it-pub", "crash", STREAMS, MESSAGES, 10, 5)) {
        try (first) {
          // About 500 messages/s; the kill lands in the middle of the stream.
          ItEnv.await("a third published", Duration.ofSeconds(60), () -> load.published.get() >= MESSAGES / 3);
          if (!storeUp) {
            vm.stop();
            ItEnv.await("some published while the store is down", Duration.ofSeconds(30),
                () -> load.published.get() >= MESSAGES / 2);
          }
          first.kill();
        }
        if (!storeUp) {
          vm.start();
        }
        try (ServeProcess second = ServeProcess.start(dir, broker.port, dir.resolve("serve-2.log").toFile(), sets)) {
          load.awaitDone(180);
          assertThat(load.errors).isEmpty();
          StoredValues.Count files = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, MESSAGES),
              Duration.ofSeconds(20), Duration.ofSeconds(180));
          StoredValues.Count store = StoredValues.settle(() -> StoredValues.inStore(vm.url(), load.run, MESSAGES),
              Duration.ofSeconds(20), Duration.ofSeconds(180));
          assertThat(files.lost()).as("lost from the files: %s", files).isEmpty();
          assertThat(files.twice()).as("twice in the files: %s", files).isEmpty();
          assertThat(store.lost()).as("lost from the store: %s", store).isEmpty();
          assertThat(store.twice()).as("twice in the store: %s", store).isEmpty();
          System.out.printf("CrashIT storeUp=%s loaded=%s: files %s; store %s; duplicates recognised %s%n", storeUp, loaded, files,
              store, second.sample("benchtap_ingest_duplicates_total"));
        }
      }
    }
  }
}
