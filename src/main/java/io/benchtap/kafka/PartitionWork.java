package io.benchtap.kafka;

import io.benchtap.pipeline.PipelineWorker;
import io.benchtap.sink.file.FileSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a processor keeps for one partition it owns: the lock on the partition's log directory,
 * the log ({@link FileSink}), the pipeline worker, and what decides the commit
 * ({@link #commitPoint}): the records not yet held and the first record of every open stream.
 * Used on the process verticle's context only, except {@link #oldestNanos} (read by the log's
 * writer thread).
 */
final class PartitionWork {
  /**
   * A stream of the partition: the record that began its parser state, when it was last seen,
   * and the offset of its {@code finished} status once that is held (-1 while it is open).
   */
  static final class Open {
    long start;
    long startNanos;
    long lastSeenMillis;
    long end = -1;
  }

  final int partition;
  final Path dir;
  private FileChannel lockChannel;
  private FileLock lock;
  FileSink file;
  /** The log as the worker writes it (skips a status the log holds already). */
  ReplaySkippingLog log;
  StatusLedger ledger;
  /** Finished statuses that wait for output messages of their stream. */
  final FinishedGate<ProcessVerticle.Incoming> gate = new FinishedGate<>();
  /** Output messages that wait for the {@code started} of their stream. */
  final StartGate<ProcessVerticle.Incoming> starts = new StartGate<>();
  PipelineWorker worker;
  boolean ready;
  /** The offset the next record must have; -1 before the first. */
  long next = -1;
  /** Ticks in a row with the consumer's position past {@link #next} and no record delivered. */
  int stalledTicks;
  long committed = -1;
  /** Records handed to the worker and not yet held by every sink: offset → intake nanoTime. */
  final TreeMap<Long, Long> pending = new TreeMap<>();
  final Map<String, Open> open = new HashMap<>();
  /** The status payloads read of each stream that is in {@link #open}, the last few. */
  private final Map<String, java.util.ArrayDeque<String>> statuses = new HashMap<>();
  /**
   * Intake time of the oldest record a new owner would read again: bounds the log's horizon.
   * {@link Long#MIN_VALUE} holds the horizon where it is: until the commit passes
   * {@link #frozenUntil}, the marks that earlier owners wrote (before this owner's own writes in
   * the log) may still be needed.
   */
  volatile long oldestNanos = Long.MIN_VALUE;
  /** The partition's end offset when this owner took it. */
  long frozenUntil = Long.MAX_VALUE;

  PartitionWork(int partition, Path dir) {
    this.partition = partition;
    this.dir = dir;
  }

  /**
   * Takes the OS lock on the directory, waiting while the previous owner still holds it (it
   * writes what it had, then lets go; a killed one lets go at once). Blocking.
   *
   * @return false when it was not free within {@code patienceMs}
   */
  boolean lock(long patienceMs) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    lockChannel = FileChannel.open(dir.resolve(".owner.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long until = System.currentTimeMillis() + patienceMs;
    while (true) {
      try {
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;
      }
      if (lock != null) {
        return true;
      }
      if (System.currentTimeMillis() > until) {
        lockChannel.close();
        return false;
      }
      Thread.sleep(100);
    }
  }

  void unlock() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      // closing the channel releases the lock anyway
    }
  }

  /**
   * Whether this status payload is new for its stream (remembering it), false for a copy of
   * one read already. Agent statuses carry the device time, so two equal ones are one event.
   */
  boolean firstStatus(String stream, String payload) {
    java.util.ArrayDeque<String> seen = statuses.computeIfAbsent(stream, k -> new java.util.ArrayDeque<>());
    if (seen.contains(payload)) {
      return false;
    }
    seen.addLast(payload);
    if (seen.size() > 8) {
      seen.removeFirst();
    }
    return true;
  }

  /** A record was handed to the worker. */
  void took(long offset, long nanos, String stream, boolean started, long nowMillis) {
    pending.put(offset, nanos);
    Open o = open.get(stream);
    if (o == null || started) {
      o = new Open();
      o.start = offset;
      o.startNanos = nanos;
      open.put(stream, o);
    }
    // More of a finished stream (without a new start): it is open again, from the same start.
    o.end = -1;
    o.lastSeenMillis = nowMillis;
  }

  /** The record is held by every sink; a {@code finished} status closes its stream. */
  void held(long offset, String stream, boolean finished) {
    pending.remove(offset);
    if (finished) {
      Open o = open.get(stream);
      if (o != null && o.start <= offset) {
        o.end = Math.max(o.end, offset);
      }
    }
  }

  /** Forgets the finished streams whose every record is before {@code committed}. */
  void forgetBefore(long committed) {
    open.values().removeIf(o -> o.end >= 0 && o.end < committed);
    statuses.keySet().retainAll(open.keySet());
  }

  /** Forgets streams idle for longer than the parser state lives. */
  void expire(long idleBeforeMillis) {
    open.values().removeIf(o -> o.lastSeenMillis < idleBeforeMillis);
    statuses.keySet().retainAll(open.keySet());
    gate.retainOnly(open.keySet());
    starts.retainOnly(open.keySet());
  }

  /**
   * The offset to commit: the oldest record not held, the first record of an open stream, or
   * the first record of a finished stream that has records at or after the point, whichever
   * comes first; {@link #next} when neither. {@code [0]} of {@code nanos} gets the
   * intake time of that record ({@link Long#MAX_VALUE} meaning "none read yet").
   */
  long commitPoint(long[] nanos) {
    long c = next;
    long n = Long.MAX_VALUE;
    if (!pending.isEmpty() && pending.firstKey() < c) {
      c = pending.firstKey();
      n = pending.firstEntry().getValue();
    }
    for (Open o : open.values()) {
      if (o.end < 0 && o.start < c) {
        c = o.start;
        n = o.startNanos;
      }
    }
    // A finished stream with a record at or after c holds c at its start too: a new owner must
    // read a stream from its start or not at all (else it would rebuild a parser state without
    // the start: no command line, no net). Lowering c can catch more of them: until none.
    for (boolean lowered = true; lowered; ) {
      lowered = false;
      for (Open o : open.values()) {
        if (o.end >= c && o.start < c) {
          c = o.start;
          n = o.startNanos;
          lowered = true;
        }
      }
    }
    nanos[0] = n;
    return c;
  }
}
