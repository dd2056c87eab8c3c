package io.benchtap.sink.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Mark;
import io.benchtap.model.StreamKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on a real file system: group commit, marks, recovery, horizon, a write that fails. */
class AppendLogTest {
  @TempDir
  Path dir;

  private static final StreamKey S = new StreamKey("dev 1", "lxc", "run%1", "devhealth", "host");

  /** One file per log; {@code dir/sub} as the directory, so a test can put a file in its way. */
  private AppendLog.Layout layout(Path logDir) {
    return new AppendLog.Layout() {
      @Override
      public Path target(Instant now, Path last, long lastLength) {
        return logDir.resolve("log-0001.lp");
      }

      @Override
      public List<Path> files() throws IOException {
        if (!Files.isDirectory(logDir)) {
          return List.of();
        }
        try (Stream<Path> s = Files.list(logDir)) {
          return s.filter(p -> p.getFileName().toString().endsWith(".lp")).sorted().toList();
        }
      }
    };
  }

  private AppendLog log(Path logDir, Unacked unacked) {
    return new AppendLog(new AppendLog.Options("t", logDir, layout(logDir), true, Duration.ofMillis(20), Duration.ofMillis(100)),
        unacked == null ? Unacked.NONE : unacked, new SimpleMeterRegistry());
  }

  private static byte[] line(String s) {
    return (s + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyAppendIsOnDiskWhenItsFutureCompletesAndMarksComeBackAfterARestart() throws Exception {
    Path logDir = dir.resolve("a");
    Unacked unacked = new Unacked();
    long inFlight = unacked.add(System.nanoTime());
    AppendLog log = log(logDir, unacked);
    assertThat(log.open().marks()).isEmpty();
    List<Future<LogPosition>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      writes.add(log.append(line("m,device=d v=" + i + " " + i), List.of(new Mark(S, i))));
    }
    LogPosition last = null;
    for (Future<LogPosition> w : writes) {
      LogPosition p = await(w);
      assertThat(Files.size(p.file())).isGreaterThanOrEqualTo(p.offset());
      last = p;
    }
    assertThat(last.offset()).isEqualTo(Files.size(last.file()));
    List<String> data = Files.readAllLines(last.file()).stream().filter(l -> !l.startsWith("#")).toList();
    assertThat(data).hasSize(200).first().isEqualTo("m,device=d v=0 0");
    log.close(Duration.ofSeconds(5));
    // The message is still unacknowledged: its commit is after the horizon, its mark comes back.
    AppendLog again = log(logDir, unacked);
    Set<Mark> marks = again.open().marks();
    assertThat(marks).hasSize(200).contains(new Mark(S, 0), new Mark(S, 199));
    again.close(Duration.ofSeconds(5));
    unacked.remove(inFlight);
  }

  @Test
  void theHorizonMovesPastWhatWasAcknowledgedSoAFreshStartReadsNoOldMarks() throws Exception {
    Path logDir = dir.resolve("h");
    Unacked unacked = new Unacked();
    AppendLog log = log(logDir, unacked);
    log.open();
    long t = unacked.add(System.nanoTime());
    await(log.append(line("m v=1 1"), List.of(new Mark(S, 1))));
    unacked.remove(t);
    // Acknowledged; the next upkeep (at most a second away) moves the horizon past it.
    Awaitility.await("horizon moved").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> log.horizon() != null && log.horizon().offset() >= log.committed().offset());
    log.close(Duration.ofSeconds(5));
    AppendLog again = log(logDir, new Unacked());
    assertThat(again.open().marks()).isEmpty();
    again.close(Duration.ofSeconds(5));
  }

  @Test
  void aCommitCutShortIsCutOffAndItsMarksDoNotCount() throws Exception {
    Path logDir = dir.resolve("t");
    Unacked unacked = new Unacked();
    unacked.add(System.nanoTime());
    AppendLog log = log(logDir, unacked);
    log.open();
    LogPosition end = await(log.append(line("m v=1 1"), List.of(new Mark(S, 1))));
    log.close(Duration.ofSeconds(5));
    long good = Files.size(end.file());
    // What a process killed inside a large write leaves: a header that promises more bytes.
    Files.writeString(end.file(), AppendLog.HEADER + "500 " + new Mark(S, 2).token() + "\nm v=2 2\nm v=",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    AppendLog again = log(logDir, unacked);
    AppendLog.Recovered r = again.open();
    assertThat(r.marks()).containsExactly(new Mark(S, 1));
    assertThat(r.truncatedBytes()).isPositive();
    assertThat(Files.size(end.file())).isEqualTo(good);
    // And appending goes on from the cut.
    await(again.append(line("m v=3 3"), List.of()));
    assertThat(Files.readAllLines(end.file())).last().isEqualTo("m v=3 3");
    again.close(Duration.ofSeconds(5));
  }

  @Test
  void aFileRemovedWhileOpenIsWrittenAgainAtItsPath() throws Exception {
    Path logDir = dir.resolve("r");
    AppendLog log = log(logDir, null);
    log.open();
    LogPosition p = await(log.append(line("m v=1 1"), List.of()));
    Files.delete(p.file());
    // The log looks at its file at most once a second.
    Thread.sleep(1100);
    await(log.append(line("m v=2 2"), List.of()));
    assertThat(Files.readAllLines(p.file())).containsExactly("m v=2 2");
    log.close(Duration.ofSeconds(5));
  }

  @Test
  void aLastLineWithoutItsNewlineIsCutOff() throws Exception {
    Path logDir = dir.resolve("p");
    Files.createDirectories(logDir);
    Path f = logDir.resolve("log-0001.lp");
    Files.writeString(f, "m v=1 1\nm v=2 2\nm,dev", StandardCharsets.UTF_8);
    AppendLog log = log(logDir, null);
    log.open();
    assertThat(Files.readString(f)).isEqualTo("m v=1 1\nm v=2 2\n");
    log.close(Duration.ofSeconds(5));
  }

  @Test
  void aFailedWriteIsRetriedUntilItSucceedsAndOnlyThenCompletes() throws Exception {
    // After the log opened, its directory becomes a regular file: every write fails until it is
    // a directory again.
    Path logDir = dir.resolve("blocked");
    AppendLog log = log(logDir, null);
    log.open();
    block(logDir);
    Future<LogPosition> first = log.append(line("m v=1 1"), List.of(new Mark(S, 1)));
    Future<LogPosition> second = log.append(line("m v=2 2"), List.of(new Mark(S, 2)));
    Awaitility.await("the write failed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> log.failure() != null);
    assertThat(first.isComplete()).isFalse();
    assertThat(second.isComplete()).isFalse();
    assertThat(log.queued()).isEqualTo(2);
    Files.delete(logDir);
    Files.createDirectories(logDir);
    await(second);
    assertThat(first.isComplete()).isTrue();
    assertThat(log.failure()).isNull();
    assertThat(Files.readAllLines(logDir.resolve("log-0001.lp")).stream().filter(x -> !x.startsWith("#")))
        .containsExactly("m v=1 1", "m v=2 2");
    log.close(Duration.ofSeconds(5));
  }

  @Test
  void closingWhileWritesFailLeavesThemIncomplete() throws Exception {
    Path logDir = dir.resolve("stuck");
    AppendLog log = log(logDir, null);
    log.open();
    block(logDir);
    Future<LogPosition> w = log.append(line("m v=1 1"), List.of());
    log.close(Duration.ofMillis(300));
    assertThat(w.isComplete()).as("a write that never happened is not reported done").isFalse();
  }

  @Test
  void twoLogsOfOneNameShowAsOneQueueAndOneFailureAndAClosedOneLeavesThem() throws Exception {
    // A Kafka processor: one file log per partition, all named "t", in one registry.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Path firstDir = dir.resolve("p0");
    Path secondDir = dir.resolve("p1");
    AppendLog first = new AppendLog(new AppendLog.Options("t", firstDir, layout(firstDir), true, Duration.ofMillis(20),
        Duration.ofMillis(100)), Unacked.NONE, registry);
    AppendLog second = new AppendLog(new AppendLog.Options("t", secondDir, layout(secondDir), true, Duration.ofMillis(20),
        Duration.ofMillis(100)), Unacked.NONE, registry);
    first.open();
    second.open();
    block(secondDir);
    Future<LogPosition> stuck = second.append(line("m v=1 1"), List.of());
    await(first.append(line("m v=2 2"), List.of()));
    Awaitility.await("the second log's write failed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> second.failure() != null);
    assertThat(registry.get("benchtap.queue.depth").tag("queue", "t_write").gauges()).hasSize(1);
    assertThat(registry.get("benchtap.queue.depth").tag("queue", "t_write").gauge().value()).isEqualTo(1);
    assertThat(registry.get("benchtap.sink.failing").tag("sink", "t").gauge().value()).isPositive();
    second.close(Duration.ofMillis(200));
    assertThat(stuck.isComplete()).isFalse();
    assertThat(registry.get("benchtap.queue.depth").tag("queue", "t_write").gauge().value()).isZero();
    assertThat(registry.get("benchtap.sink.failing").tag("sink", "t").gauge().value()).isZero();
    first.close(Duration.ofSeconds(5));
  }

  private static void block(Path logDir) throws IOException {
    try (Stream<Path> s = Files.list(logDir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(logDir);
    Files.writeString(logDir, "not a directory");
  }

  @Test
  void unackedReportsTheOldestOpenArrivalWhateverTheOrderOfAcknowledgements() {
    Unacked u = new Unacked();
    assertThat(u.getAsLong()).isEqualTo(Long.MAX_VALUE);
    List<Long> tickets = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      tickets.add(u.add(1000 + i));
    }
    u.remove(tickets.get(1));
    assertThat(u.getAsLong()).isEqualTo(1000);
    u.remove(tickets.get(0));
    assertThat(u.getAsLong()).isEqualTo(1002);
    for (int i = 499; i >= 2; i--) {
      u.remove(tickets.get(i));
    }
    assertThat(u.getAsLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(u.size()).isZero();
  }
}
