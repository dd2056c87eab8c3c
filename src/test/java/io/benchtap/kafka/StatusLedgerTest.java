package io.benchtap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.SinkBatch;
import io.benchtap.sink.file.FileSink;
import io.benchtap.sink.file.FileSinkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status's "held" mark travels in the same commit of a real partition log (FileSink) as the
 * status's output: read back after a reopen, never without the output, never for another partition.
 */
class StatusLedgerTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private FileSink open() {
    return new FileSink(vertx, new FileSinkConfig("true", dir, true), new SimpleMeterRegistry(), Clock.systemUTC(),
        () -> Long.MIN_VALUE);
  }

  private static SinkBatch batch(String metric, double value) {
    Measurement m = new Measurement(Instant.parse("2026-12-06T04:00:00Z"), "dev1", "lxc", "veth", "r1", "sysbench",
        "cpu", "1", metric, value, "per_second", Phase.FINAL, Map.of(), TimeSource.ARRIVAL);
    return SinkBatch.of(List.of(m), List.of());
  }

  private static void await(io.vertx.core.Future<?> f) throws Exception {
    f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private String logText() throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".lp")).sorted().toList()) {
        sb.append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  @Test
  void aStatusWrittenByOneOwnerIsHeldForTheNextOwnerFromTheCommittedOffsetOn() throws Exception {
    FileSink sink = open();
    ReplaySkippingLog log = new ReplaySkippingLog(sink, 3);
    log.status = 7;
    await(log.write(batch("events_per_second", 100)));
    log.status = -1;
    await(log.write(batch("events_per_second", 101)));
    await(sink.close());

    FileSink again = open();
    assertThat(StatusLedger.of(again.recovered(), 3, 5).contains(7)).isTrue();
    assertThat(StatusLedger.of(again.recovered(), 3, 8).contains(7)).as("before the committed offset").isFalse();
    assertThat(StatusLedger.of(again.recovered(), 4, -1).contains(7)).as("another partition's log").isFalse();
    assertThat(StatusLedger.of(again.recovered(), 3, -1).contains(8)).as("the record after it was no status").isFalse();
    await(again.close());
  }

  @Test
  void aStatusTheLogHoldsIsNotWrittenAgainWhileSkipping() throws Exception {
    FileSink sink = open();
    ReplaySkippingLog log = new ReplaySkippingLog(sink, 0);
    log.skipping = true;
    log.status = 2;
    await(log.write(batch("events_per_second", 55)));
    await(sink.close());
    assertThat(logText()).doesNotContain("55");
    FileSink again = open();
    assertThat(StatusLedger.of(again.recovered(), 0, -1).contains(2)).isFalse();
    await(again.close());
  }

  @Test
  void aCommitCutShortByAKillLeavesNeitherTheOutputNorTheMark() throws Exception {
    FileSink sink = open();
    ReplaySkippingLog log = new ReplaySkippingLog(sink, 1);
    log.status = 4;
    await(log.write(batch("events_per_second", 1)));
    log.status = 9;
    await(log.write(batch("events_per_second", 424242)));
    await(sink.close());
    Path file;
    try (Stream<Path> s = Files.list(dir)) {
      file = s.filter(f -> f.toString().endsWith(".lp")).findFirst().orElseThrow();
    }
    // The last commit torn as a SIGKILL during its write(2) would leave it: its last 5 bytes missing.
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    FileSink again = open();
    StatusLedger ledger = StatusLedger.of(again.recovered(), 1, -1);
    assertThat(ledger.contains(4)).isTrue();
    assertThat(ledger.contains(9)).isFalse();
    assertThat(logText()).doesNotContain("424242");
    await(again.close());
  }
}
