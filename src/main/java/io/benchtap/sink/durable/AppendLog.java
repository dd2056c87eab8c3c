package io.benchtap.sink.durable;

import io.benchtap.model.Mark;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of line-protocol text on local disk, the part of the file sink and of the
 * InfluxDB spool that makes "held" mean durable. One writer thread takes every batch queued since
 * its last write and writes them together (group commit: one {@code write(2)} and, with
 * {@code fsync}, one {@code fdatasync} for all of them), then completes their futures on the
 * Vert.x contexts that appended them.
 *
 * <p><b>Marks.</b> A commit that carries {@link Mark}s starts with one comment line
 * {@code #benchtap commit <bytes> <mark>...} followed by exactly {@code <bytes>} bytes of lines.
 * Line protocol treats {@code #} lines as comments, so the files stay loadable with
 * {@code influx write}. The marks count only when all their bytes are there: a commit cut short
 * (the process killed inside a large write, a power failure) is cut off at the next start, and
 * its messages, never acknowledged, come again from the broker.
 *
 * <p><b>Horizon.</b> Only messages not yet acknowledged can be delivered again, and they arrived
 * after the oldest unacknowledged one ({@link Unacked}). The log remembers, about once a second,
 * the end of the last commit that holds only batches appended before that time, in
 * {@code .<name>.horizon}; at the next start it reads marks from there on only.
 *
 * <p><b>Failures.</b> A write that fails (no space, read-only file system, a removed directory)
 * is cut back to where it started, logged once, and retried with backoff, together with what was
 * appended meanwhile, until it succeeds: the appenders' futures complete only then. A log that
 * is closed while failing leaves them incomplete (their messages are not acknowledged).
 */
public final class AppendLog {
  private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);

  /** First line of a commit with marks. */
  public static final String HEADER = "#benchtap commit ";
  /** When no horizon was written yet, marks are read from this much of the newest file. */
  static final long NO_HORIZON_SCAN_BYTES = 64L << 20;
  /** A commit takes at most this many bytes of queued batches (more go into the next one). */
  static final int MAX_COMMIT_BYTES = 8 << 20;
  /** Commits closer together than this share one horizon entry. */
  private static final long HORIZON_STEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Which file a commit goes to, and which files belong to the log. */
  public interface Layout {
    /** The file for a commit made at {@code now}; {@code last} is the file written last (null before the first). */
    Path target(Instant now, Path last, long lastLength);

    /** This log's files, in the order they were written (their names sort that way). */
    List<Path> files() throws IOException;

    /** The files of {@code dir} whose names match {@code name}, sorted by name; none when it is missing. */
    static List<Path> matching(Path dir, Pattern name) throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(dir)) {
        return s.filter(p -> name.matcher(p.getFileName().toString()).matches()).sorted().toList();
      }
    }
  }

  /** Decides whether a commit of so many bytes may be written now (a full spool says no). */
  @FunctionalInterface
  public interface Admission {
    /** Null to write; otherwise why not (the commit waits and is retried, like a failed write). */
    String refuse(long bytes);
  }

  /**
   * @param name short name for logs, metrics ({@code sink} tag) and the horizon file
   * @param fsync force each commit to the device before completing it
   * @param admission asked before each commit; null admits everything
   */
  public record Options(String name, Path dir, Layout layout, boolean fsync, Duration retryInitial, Duration retryMax,
      Admission admission) {
    public Options(String name, Path dir, Layout layout, boolean fsync, Duration retryInitial, Duration retryMax) {
      this(name, dir, layout, fsync, retryInitial, retryMax, null);
    }
  }

  /** A write refused by the {@link Admission}: waits and is retried like a failed one. */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why);
    }
  }

  /** What {@link #open} found. */
  public record Recovered(java.util.Set<Mark> marks, LogPosition from, long truncatedBytes) {}

  private record Pending(byte[] data, List<Mark> marks, long submitNanos, Promise<LogPosition> promise, Context context) {}

  private record HorizonStep(long maxSubmitNanos, LogPosition end) {}

  private final Options options;
  private final LongSupplier oldestUnacked;
  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final ArrayDeque<HorizonStep> steps = new ArrayDeque<>();
  private final Path horizonFile;
  private final Counter commits;
  private final Counter batches;
  private final Counter bytes;
  private final Counter retries;
  private final Timer commitTime;
  private int queuedBatches;
  private long lastStepNanos;
  private LogPosition horizon;
  private Thread writer;
  private boolean closing;
  private boolean abandoned;
  private FileChannel channel;
  private Path current;
  private Object currentKey;
  private long checkedNanos;
  private long length;
  private volatile LogPosition committed;
  private volatile Runnable onCommit = () -> { };
  private final MeterRegistry registry;
  private volatile String failure;
  private volatile long failingSinceNanos;
  private long lastFailureLogNanos;

  public AppendLog(Options options, LongSupplier oldestUnacked, MeterRegistry registry) {
    this.options = options;
    this.oldestUnacked = oldestUnacked;
    this.horizonFile = options.dir().resolve("." + options.name() + ".horizon");
    Tags sink = Tags.of("sink", options.name());
    this.commits = Counter.builder("benchtap.sink.commits").tags(sink)
        .description("Disk writes (group commits) of a durable sink; each holds one or more batches").register(registry);
    this.batches = Counter.builder("benchtap.sink.writes").tags(sink).description("Batches the sink holds").register(registry);
    this.bytes = Counter.builder("benchtap.sink.bytes").tags(sink).description("Bytes written to a durable sink's files").register(registry);
    this.retries = Counter.builder("benchtap.sink.retries").tags(sink)
        .description("Failed writes; the batches are kept and the write is retried").register(registry);
    this.commitTime = Timer.builder("benchtap.sink.write").tags(sink)
        .description("Time of one commit: write and, with fsync, force to the device").register(registry);
    this.registry = registry;
    LogGauges.add(registry, options.name(), this);
  }

  /**
   * Reads the marks written since the horizon, cuts off a commit or line that was cut short, and
   * starts the writer thread. Call once, before {@link #append}.
   */
  public Recovered open() throws IOException {
    Files.createDirectories(options.dir());
    Recovery.Result r = Recovery.scan(options.layout().files(), readHorizon(), NO_HORIZON_SCAN_BYTES);
    for (Map.Entry<Path, Long> cut : r.truncate().entrySet()) {
      try (FileChannel ch = FileChannel.open(cut.getKey(), StandardOpenOption.WRITE)) {
        long before = ch.size();
        ch.truncate(cut.getValue());
        ch.force(true);
        LOG.warn("{}: cut {} byte(s) of a write that did not complete off the end of {} (its messages were not acknowledged"
            + " and come again from the broker)", options.name(), before - cut.getValue(), cut.getKey());
      }
    }
    List<Path> files = options.layout().files();
    if (!files.isEmpty()) {
      Path last = files.get(files.size() - 1);
      current = last;
      length = Files.size(last);
      committed = new LogPosition(last, length);
    }
    horizon = r.from();
    writer = new Thread(this::run, "benchtap-" + options.name() + "-log");
    writer.setDaemon(true);
    writer.start();
    return new Recovered(r.marks(), r.from(), r.truncatedBytes());
  }

  /**
   * Queues {@code data} (whole lines) with the marks of the messages it belongs to. The future
   * completes, on the caller's Vert.x context (or the writer thread without one), with the end
   * position of the commit once the data is on disk (and forced, with fsync). It stays incomplete
   * while writes fail, and forever if the log is closed before it could be written.
   */
  public Future<LogPosition> append(byte[] data, List<Mark> marks) {
    Promise<LogPosition> p = Promise.promise();
    Pending e = new Pending(data, marks, System.nanoTime(), p, Vertx.currentContext());
    synchronized (lock) {
      if (closing) {
        return Future.failedFuture(new IllegalStateException(options.name() + " log is closed"));
      }
      queue.add(e);
      queuedBatches++;
      lock.notifyAll();
    }
    return p.future();
  }

  /** Runs on the writer thread after every commit (a reader of the log waits for new data). */
  public void onCommit(Runnable listener) {
    this.onCommit = listener;
  }

  /** End of the last completed commit (null before the first one of a new log). */
  public LogPosition committed() {
    return committed;
  }

  /** The position at and after which marks are kept for the next start. */
  public synchronized LogPosition horizon() {
    return horizon;
  }

  /** Why writes fail now, or null when they succeed. */
  public String failure() {
    return failure;
  }

  /** Seconds since writes began to fail (0 when they succeed). */
  public double failingSeconds() {
    return failure == null ? 0 : (System.nanoTime() - failingSinceNanos) / 1e9;
  }

  /** Batches queued and not yet on disk. */
  public int queued() {
    synchronized (lock) {
      return queuedBatches;
    }
  }

  /** The log's directory. */
  public Path dir() {
    return options.dir();
  }

  /**
   * Writes what is queued (retrying failed writes for at most {@code patience}) and stops the
   * writer thread; batches still unwritten then stay incomplete (their messages unacknowledged).
   */
  public void close(Duration patience) throws InterruptedException {
    LogGauges.remove(registry, options.name(), this);
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    Thread w = writer;
    if (w != null) {
      w.join(Math.max(1, patience.toMillis()));
      if (w.isAlive()) {
        synchronized (lock) {
          abandoned = true;
          LOG.warn("{}: closing with {} batch(es) not written ({}); their messages stay unacknowledged", options.name(),
              queuedBatches, failure);
          lock.notifyAll();
        }
        w.join(10_000);
      }
    }
    closeChannel();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    long backoff = options.retryInitial().toMillis();
    while (true) {
      synchronized (lock) {
        if (abandoned) {
          break;
        }
        if (batch.isEmpty() && queue.isEmpty()) {
          if (closing) {
            break;
          }
          try {
            lock.wait(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        // While a write is retried, what was appended meanwhile joins it: one commit, in order.
        int size = 0;
        for (Pending p : batch) {
          size += p.data().length;
        }
        while (!queue.isEmpty() && (batch.isEmpty() || size + queue.peek().data().length <= MAX_COMMIT_BYTES)) {
          Pending p = queue.poll();
          size += p.data().length;
          batch.add(p);
        }
      }
      if (!batch.isEmpty()) {
        try {
          LogPosition end = commit(batch);
          if (failure != null) {
            LOG.info("{}: writing again after {} s", options.name(), Math.round(failingSeconds()));
            failure = null;
          }
          synchronized (lock) {
            queuedBatches -= batch.size();
          }
          complete(batch, end);
          onCommit.run();
          batch.clear();
          backoff = options.retryInitial().toMillis();
        } catch (IOException | RuntimeException e) {
          failed(e);
          synchronized (lock) {
            if (!abandoned) {
              try {
                lock.wait(backoff);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
              }
            }
          }
          backoff = Math.min(options.retryMax().toMillis(), backoff * 2);
        }
      }
      upkeepHorizon();
    }
    upkeepHorizon();
  }

  private void failed(Exception e) {
    retries.increment();
    String why = describe(e);
    long now = System.nanoTime();
    if (failure == null) {
      failingSinceNanos = now;
      lastFailureLogNanos = now;
      LOG.warn("{}: cannot write {} ({}); {} batch(es) wait unacknowledged, retrying", options.name(),
          current == null ? options.dir() : current, why, queued());
    } else if (now - lastFailureLogNanos > TimeUnit.MINUTES.toNanos(1)) {
      lastFailureLogNanos = now;
      LOG.warn("{}: still cannot write ({}) after {} s; {} batch(es) wait unacknowledged", options.name(), why,
          Math.round(failingSeconds()), queued());
    }
    failure = why;
  }

  /** Writes one commit; on failure cuts the file back to where the commit began. */
  private LogPosition commit(List<Pending> batch) throws IOException {
    long t0 = System.nanoTime();
    Path target = options.layout().target(Instant.now(), current, length);
    if (channel != null && target.equals(current) && t0 - checkedNanos > TimeUnit.SECONDS.toNanos(1)) {
      checkedNanos = t0;
      if (!stillThere()) {
        // Removed or moved away (by hand, by logrotate): what we write must stay findable.
        LOG.warn("{}: {} was removed or replaced while open; writing to a new file at that path", options.name(), current);
        closeChannel();
        length = 0;
        current = null;
      }
    }
    if (channel == null || !target.equals(current)) {
      openFile(target);
    }
    int dataLength = 0;
    int markCount = 0;
    for (Pending p : batch) {
      dataLength += p.data().length;
      markCount += p.marks().size();
    }
    if (options.admission() != null) {
      String why = options.admission().refuse(dataLength);
      if (why != null) {
        throw new Refused(why);
      }
    }
    byte[] header = null;
    if (markCount > 0) {
      StringBuilder sb = new StringBuilder(HEADER.length() + 16 + markCount * 48).append(HEADER).append(dataLength);
      for (Pending p : batch) {
        for (Mark m : p.marks()) {
          sb.append(' ').append(m.token());
        }
      }
      header = sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
    ByteBuffer buf = ByteBuffer.allocate(dataLength + (header == null ? 0 : header.length));
    if (header != null) {
      buf.put(header);
    }
    for (Pending p : batch) {
      buf.put(p.data());
    }
    buf.flip();
    long start = length;
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (options.fsync()) {
        channel.force(false);
      }
    } catch (IOException | RuntimeException e) {
      try {
        channel.truncate(start);
      } catch (IOException | RuntimeException t) {
        // Could not cut it back now (read-only file system): the next open does.
        closeChannel();
      }
      throw e;
    }
    length = start + buf.limit();
    LogPosition end = new LogPosition(current, length);
    committed = end;
    commits.increment();
    batches.increment(batch.size());
    bytes.increment(buf.limit());
    commitTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    long maxSubmit = 0;
    for (Pending p : batch) {
      maxSubmit = Math.max(maxSubmit, p.submitNanos());
    }
    synchronized (this) {
      HorizonStep last = steps.peekLast();
      if (last != null && t0 - lastStepNanos < HORIZON_STEP_NANOS) {
        steps.pollLast();
        steps.add(new HorizonStep(Math.max(last.maxSubmitNanos(), maxSubmit), end));
      } else {
        steps.add(new HorizonStep(maxSubmit, end));
        lastStepNanos = t0;
      }
    }
    return end;
  }

  /** Opens {@code target} for appending; a file longer than what was committed to it is cut back first. */
  private void openFile(Path target) throws IOException {
    boolean sameFile = target.equals(current);
    if (channel != null && !sameFile && options.fsync()) {
      channel.force(false);
    }
    closeChannel();
    Files.createDirectories(target.getParent());
    boolean created = !Files.exists(target);
    FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      long size = ch.size();
      long expected = sameFile ? length : size;
      if (size > expected) {
        ch.truncate(expected);
      }
      length = Math.min(size, expected);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (created && options.fsync()) {
      forceDirectory(target.getParent());
    }
    channel = ch;
    current = target;
    currentKey = fileKey(target);
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether the path still names the file we have open. */
  private boolean stillThere() {
    Object key = fileKey(current);
    return key != null && key.equals(currentKey);
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be forced; the file's own data is forced anyway.
    }
  }

  private void closeChannel() {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing left to do with it
      }
    }
  }

  /** Completes the batch's futures on their contexts, one task per context. */
  private static void complete(List<Pending> batch, LogPosition end) {
    Map<Context, List<Promise<LogPosition>>> byContext = new IdentityHashMap<>();
    for (Pending p : batch) {
      if (p.context() == null) {
        p.promise().complete(end);
      } else {
        byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(p.promise());
      }
    }
    byContext.forEach((ctx, promises) -> ctx.runOnContext(v -> promises.forEach(pr -> pr.complete(end))));
  }

  /** Moves the horizon past the commits that hold only batches of acknowledged messages. */
  private void upkeepHorizon() {
    long oldest = oldestUnacked.getAsLong();
    LogPosition next = null;
    synchronized (this) {
      while (!steps.isEmpty() && steps.peekFirst().maxSubmitNanos() < oldest) {
        next = steps.pollFirst().end();
      }
      if (next == null || next.equals(horizon)) {
        return;
      }
      horizon = next;
    }
    try {
      Path tmp = horizonFile.resolveSibling(horizonFile.getFileName() + ".tmp");
      Files.writeString(tmp, next.file().getFileName() + " " + next.offset() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, horizonFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A stale horizon only makes the next start read more marks than it needs.
      LOG.debug("{}: horizon not saved: {}", options.name(), e.toString());
    }
  }

  private LogPosition readHorizon() {
    try {
      if (!Files.exists(horizonFile)) {
        return null;
      }
      String[] p = Files.readString(horizonFile, StandardCharsets.UTF_8).trim().split(" ");
      if (p.length != 2) {
        return null;
      }
      return new LogPosition(options.dir().resolve(p[0]), Long.parseLong(p[1]));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: unreadable horizon file {} ({}); reading marks from the end of the newest file", options.name(), horizonFile,
          e.toString());
      return null;
    }
  }

  /** One line saying what went wrong, with the OS reason and file of a file-system error. */
  public static String describe(Throwable e) {
    if (e instanceof Refused) {
      return e.getMessage();
    }
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      m = fse.getReason() + (fse.getFile() == null ? "" : ": " + fse.getFile());
    }
    return m == null ? name : name + ": " + m;
  }
}
