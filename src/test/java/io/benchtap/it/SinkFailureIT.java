package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that cannot write holds the acknowledgements: the message stays unacknowledged (the
 * broker keeps it), the write is retried, /health says why, and once the sink can write again
 * every value is there exactly once. Broken for real: a full tmpfs (ENOSPC), a tmpfs remounted
 * read-only (EROFS), a store answering HTTP 500 (through {@link FailingHttpProxy} in front of a
 * real VictoriaMetrics). Where it matters, benchtap is SIGKILLed while the sink fails: what it
 * could not write must come again from the broker, so it must not have been acknowledged.
 */
class SinkFailureIT {
  private static final int STREAMS = 4;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aFullFileSystemHoldsTheAcknowledgementsAndAKillThenLosesNothing() throws Exception {
    int n = 2000;
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), 1 << 20, dir.resolve("mount.log").toFile());
         OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      Path data = fs.path.resolve("data");
      String[] sets = {"mqtt.clientId=sink-failure-full", "file.enabled=true", "file.dir=" + data, "pipeline.workers=2"};
      Path filler;
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve-1.log").toFile(), sets)) {
        // Room for a few dozen lines of ~200 bytes: the rest of 2,000 messages cannot be written.
        filler = fs.fill(12 << 10);
        try (AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-1", "full", STREAMS, n, 10, 20)) {
          ItEnv.await("/health reports the full disk", Duration.ofSeconds(60), () -> serve.health().status() == 503
              && serve.health().body().contains("No space left on device"));
          // The broker took every message from the publisher; benchtap holds some unacknowledged.
          load.awaitDone(120);
          assertThat(serve.sample("benchtap_queue_depth", "queue=\"unacked\"")).as("messages held unacknowledged").isPositive();
          StoredValues.Count before = StoredValues.inFiles(data, load.run, n);
          assertThat(before.lost()).as("the disk is full: most values are not written yet").isNotEmpty();
          assertThat(serve.sample("benchtap_sink_retries_total", "sink=\"file\"")).isPositive();
          serve.kill();
          // One line about it, not one per retry.
          assertThat(Files.readString(serve.log.toPath()).lines().filter(l -> l.contains("file: cannot write")).count())
              .isEqualTo(1);
          Files.delete(filler);
          try (ServeProcess again = ServeProcess.start(dir, broker.port, dir.resolve("serve-2.log").toFile(), sets)) {
            StoredValues.Count c = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, n), Duration.ofSeconds(20),
                Duration.ofSeconds(120));
            assertThat(c.lost()).as("lost: %s", c).isEmpty();
            assertThat(c.twice()).as("stored twice: %s", c).isEmpty();
            ItEnv.await("healthy again", Duration.ofSeconds(30), () -> again.health().status() == 200);
          }
        }
      }
    }
  }

  /**
   * The data directory on a read-only file system (Linux refuses to remount a file system
   * read-only while benchtap holds a file open for writing on it, so it is read-only from the
   * start, as a wrong mount would be): nothing is written, nothing acknowledged; made writable,
   * everything arrives without a restart.
   */
  @Test
  void anUnwritableDirectoryHoldsTheStreamAndItResumesWhenWritableWithoutARestart() throws Exception {
    int n = 1500;
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), 16 << 20, dir.resolve("mount.log").toFile());
         OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      Path data = fs.path.resolve("data");
      Files.createDirectories(data);
      fs.readOnly(true);
      String[] sets = {"mqtt.clientId=sink-failure-ro", "file.enabled=true", "file.dir=" + data, "pipeline.workers=0"};
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve.log").toFile(), sets);
           AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-2", "ro", STREAMS, n, 10, 10)) {
        ItEnv.await("/health reports the read-only file system", Duration.ofSeconds(60),
            () -> serve.health().status() == 503 && serve.health().body().contains("Read-only file system"));
        load.awaitDone(120);
        assertThat(StoredValues.inFiles(data, load.run, n).seen()).isEmpty();
        assertThat(serve.sample("benchtap_queue_depth", "queue=\"unacked\"")).as("messages held unacknowledged").isPositive();
        fs.readOnly(false);
        StoredValues.Count c = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, n), Duration.ofSeconds(20),
            Duration.ofSeconds(120));
        assertThat(c.lost()).as("lost: %s", c).isEmpty();
        assertThat(c.twice()).as("stored twice: %s", c).isEmpty();
        ItEnv.await("healthy again", Duration.ofSeconds(30), () -> serve.health().status() == 200);
        assertThat(Files.readString(serve.log.toPath())).contains("file: writing again after");
      }
    }
  }

  /**
   * Messages in flight (their sink cannot write) when the broker restarts: their first copies
   * finish on a connection that is gone (not acknowledged there, counted, and no exception:
   * before, vertx-mqtt threw a NullPointerException in the PUBACK path and the in-flight count
   * leaked, so every later SIGTERM waited its full 20 s), the broker's redeliveries are done when
   * the first copies are stored, everything is stored once, and a SIGTERM afterwards stops at once.
   */
  @Test
  void aBrokerRestartWithMessagesInFlightLeaksNothingAndTheNextStopDrains() throws Exception {
    int n = 400;
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), 16 << 20, dir.resolve("mount.log").toFile());
         OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      Path data = fs.path.resolve("data");
      Files.createDirectories(data);
      fs.readOnly(true);
      String[] sets = {"mqtt.clientId=sink-failure-restart", "file.enabled=true", "file.dir=" + data, "pipeline.workers=2",
          "mqtt.reconnectInitialDelayMs=100", "mqtt.reconnectMaxDelayMs=1000"};
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve.log").toFile(), sets);
           AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-6", "restart", STREAMS, n, 10, 10)) {
        ItEnv.await("messages held in flight", Duration.ofSeconds(60),
            () -> serve.sample("benchtap_queue_depth", "queue=\"unacked\"") > 0);
        load.awaitDone(120);
        broker.stop();
        broker.start();
        ItEnv.await("reconnected", Duration.ofSeconds(60), () -> serve.sample("benchtap_mqtt_connected") == 1);
        fs.readOnly(false);
        StoredValues.Count c = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, n), Duration.ofSeconds(20),
            Duration.ofSeconds(120));
        assertThat(c.lost()).as("lost: %s", c).isEmpty();
        assertThat(c.twice()).as("stored twice: %s", c).isEmpty();
        ItEnv.await("nothing left in flight", Duration.ofSeconds(60),
            () -> serve.sample("benchtap_queue_depth", "queue=\"unacked\"") == 0);
        assertThat(serve.sample("benchtap_mqtt_acks_dropped_total")).as("first copies finished on the old connection").isPositive();
        serve.stop();
        String log = Files.readString(serve.log.toPath());
        assertThat(log).doesNotContain("NullPointerException").doesNotContain("still in the pipeline after");
      }
    }
  }

  @Test
  void withAckStoreAFailingInfluxDbAcknowledgesNothingAndAKillThenLosesNothing() throws Exception {
    int n = 600;
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"));
         FailingHttpProxy proxy = new FailingHttpProxy(Integer.parseInt(ItEnv.vmUrl().replaceAll(".*:", "")))) {
      broker.start();
      proxy.failing.set(true);
      Path data = dir.resolve("data");
      String[] sets = {"mqtt.clientId=sink-failure-store", "influx.url=" + proxy.url(), "influx.ack=store",
          "influx.spoolDir=" + dir.resolve("spool"), "influx.retryIntervalMs=100", "influx.maxRetryDelayMs=500",
          "pipeline.workers=2", "file.enabled=true", "file.dir=" + data};
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve-1.log").toFile(), sets);
           AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-3", "store", STREAMS, n, 10, 10)) {
        ItEnv.await("/health reports InfluxDB's HTTP 500", Duration.ofSeconds(60),
            () -> serve.health().body().contains("last write failed"));
        load.awaitDone(120);
        assertThat(serve.sample("benchtap_queue_depth", "queue=\"unacked\"")).as("nothing acknowledged").isPositive();
        assertThat(StoredValues.inStore(ItEnv.vmUrl(), load.run, n).seen()).isEmpty();
        assertThat(proxy.failed.get()).isPositive();
        serve.kill();
        proxy.failing.set(false);
        try (ServeProcess again = ServeProcess.start(dir, broker.port, dir.resolve("serve-2.log").toFile(), sets)) {
          StoredValues.Count c = StoredValues.settle(() -> StoredValues.inStore(ItEnv.vmUrl(), load.run, n),
              Duration.ofSeconds(20), Duration.ofSeconds(120));
          assertThat(c.lost()).as("lost: %s", c).isEmpty();
          assertThat(c.twice()).as("stored twice: %s", c).isEmpty();
          // The messages held unacknowledged at the kill were in the spool and the file already:
          // their redeliveries are recognised by the marks written with them, not stored again.
          StoredValues.Count f = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, n), Duration.ofSeconds(10),
              Duration.ofSeconds(60));
          assertThat(f.lost()).as("lost from the file: %s", f).isEmpty();
          assertThat(f.twice()).as("twice in the file: %s", f).isEmpty();
          assertThat(again.sample("benchtap_ingest_duplicates_total")).as("redeliveries recognised").isPositive();
        }
      }
    }
  }

  /**
   * At the kill the spool (InfluxDB) holds the messages and the file (full disk) does not: after
   * the restart their redeliveries go to the file only, and the spool does not take them twice.
   */
  @Test
  void aMessageOneSinkHeldAtTheKillGoesOnlyToTheOtherAfterTheRestart() throws Exception {
    int n = 800;
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), 1 << 20, dir.resolve("mount.log").toFile());
         OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"));
         OwnVictoriaMetrics vm = new OwnVictoriaMetrics(dir.resolve("vm"))) {
      broker.start();
      vm.start();
      Path data = fs.path.resolve("data");
      String[] sets = {"mqtt.clientId=sink-failure-partly", "file.enabled=true", "file.dir=" + data, "influx.url=" + vm.url(),
          "influx.spoolDir=" + dir.resolve("spool"), "influx.flushIntervalMs=50", "pipeline.workers=2"};
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve-1.log").toFile(), sets)) {
        Path filler = fs.fill(12 << 10);
        try (AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-5", "partly", STREAMS, n, 10, 10)) {
          ItEnv.await("/health reports the full disk", Duration.ofSeconds(60), () -> serve.health().body().contains("No space"));
          load.awaitDone(120);
          ItEnv.await("the spool sent what it holds", Duration.ofSeconds(60),
              () -> serve.sample("benchtap_queue_depth", "queue=\"influx\"") == 0);
          double spooled = serve.sample("benchtap_sink_points_total", "sink=\"influx\"");
          assertThat(serve.sample("benchtap_queue_depth", "queue=\"unacked\"")).isPositive();
          serve.kill();
          Files.delete(filler);
          try (ServeProcess again = ServeProcess.start(dir, broker.port, dir.resolve("serve-2.log").toFile(), sets)) {
            StoredValues.Count f = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, n), Duration.ofSeconds(20),
                Duration.ofSeconds(120));
            StoredValues.Count c = StoredValues.settle(() -> StoredValues.inStore(vm.url(), load.run, n), Duration.ofSeconds(10),
                Duration.ofSeconds(60));
            assertThat(f.lost()).as("lost from the file: %s", f).isEmpty();
            assertThat(f.twice()).as("twice in the file: %s", f).isEmpty();
            assertThat(c.lost()).as("lost from the store: %s", c).isEmpty();
            assertThat(c.twice()).as("twice in the store: %s", c).isEmpty();
            assertThat(c.resent()).as("posted again to the store: %s (spooled before the kill: %s)", c, spooled).isZero();
          }
        }
      }
    }
  }

  @Test
  void withAckSpoolAFailingInfluxDbIsBridgedByTheSpoolAndEverythingArrivesWhenItIsBack() throws Exception {
    int n = 600;
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"));
         FailingHttpProxy proxy = new FailingHttpProxy(Integer.parseInt(ItEnv.vmUrl().replaceAll(".*:", "")))) {
      broker.start();
      proxy.failing.set(true);
      String[] sets = {"mqtt.clientId=sink-failure-spool", "influx.url=" + proxy.url(), "influx.ack=spool",
          "influx.spoolDir=" + dir.resolve("spool"), "influx.retryIntervalMs=100", "influx.maxRetryDelayMs=500"};
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve.log").toFile(), sets);
           AgentLoad load = AgentLoad.start(broker.port, "sink-failure-pub-4", "spool", STREAMS, n, 10, 10)) {
        load.awaitDone(120);
        // Held on local disk: acknowledged, although InfluxDB has none of it yet.
        ItEnv.await("everything spooled and acknowledged", Duration.ofSeconds(60),
            () -> serve.sample("benchtap_queue_depth", "queue=\"influx\"") == n
                && serve.sample("benchtap_queue_depth", "queue=\"unacked\"") == 0);
        assertThat(serve.health().body()).contains("last write failed");
        assertThat(StoredValues.inStore(ItEnv.vmUrl(), load.run, n).seen()).isEmpty();
        proxy.failing.set(false);
        StoredValues.Count c = StoredValues.settle(() -> StoredValues.inStore(ItEnv.vmUrl(), load.run, n),
            Duration.ofSeconds(20), Duration.ofSeconds(120));
        assertThat(c.lost()).as("lost: %s", c).isEmpty();
        assertThat(c.twice()).as("stored twice: %s", c).isEmpty();
        assertThat(c.resent()).as("nothing was posted twice without a crash").isZero();
      }
    }
  }
}
