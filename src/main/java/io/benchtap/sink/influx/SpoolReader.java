package io.benchtap.sink.influx;

import io.benchtap.sink.durable.LogPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads points from the spool for the sender: the lines between a position and the end of what
 * was committed, across segments, without the {@code #} comment lines (the commit headers).
 * Keeps its file open between reads. Used by the sender thread only.
 */
final class SpoolReader implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  /** Points read and the position right after the last of them. */
  record Batch(List<String> lines, LogPosition next) {}

  private final SpoolFiles files;
  private FileChannel channel;
  private Path open;

  SpoolReader(SpoolFiles files) {
    this.files = files;
  }

  /**
   * Reads up to {@code max} points from {@code from}, not past {@code limit} (the end of the last
   * commit). At the end of a segment that is not the limit's, it goes on with the next one.
   */
  Batch read(LogPosition from, LogPosition limit, int max) throws IOException {
    List<String> out = new ArrayList<>(Math.min(max, 4096));
    Path file = from.file();
    long pos = from.offset();
    while (out.size() < max) {
      boolean last = file.getFileName().equals(limit.file().getFileName());
      long end = last ? limit.offset() : size(file);
      if (pos >= end) {
        if (last) {
          break;
        }
        Path next = files.next(file);
        if (next == null) {
          break;
        }
        file = next;
        pos = 0;
        continue;
      }
      pos = readLines(file, pos, end, max, out);
    }
    return new Batch(out, new LogPosition(file, pos));
  }

  /** Counts the points between two positions (at start-up, for the queue-depth gauge). */
  long count(LogPosition from, LogPosition limit) throws IOException {
    long n = 0;
    LogPosition at = from;
    while (true) {
      Batch b = read(at, limit, 100_000);
      n += b.lines().size();
      if (b.next().equals(at)) {
        return n;
      }
      at = b.next();
    }
  }

  private long size(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** Reads whole lines of {@code file} from {@code pos} to at most {@code end}; returns the position after the last. */
  private long readLines(Path file, long pos, long end, int max, List<String> out) throws IOException {
    FileChannel ch = channel(file);
    int want = (int) Math.min(CHUNK, end - pos);
    while (true) {
      ByteBuffer buf = ByteBuffer.allocate(want);
      int n = 0;
      while (buf.hasRemaining()) {
        int r = ch.read(buf, pos + n);
        if (r <= 0) {
          break;
        }
        n += r;
      }
      byte[] a = buf.array();
      int start = 0;
      int used = 0;
      for (int i = 0; i < n && out.size() < max; i++) {
        if (a[i] == '\n') {
          if (i > start && a[start] != '#') {
            out.add(new String(a, start, i - start, StandardCharsets.UTF_8));
          }
          start = i + 1;
          used = start;
        }
      }
      if (used > 0 || n == 0) {
        return pos + used;
      }
      if (want >= end - pos) {
        // No newline up to the limit: cannot happen for committed data; stop here.
        return pos;
      }
      // One line longer than the chunk: read more at once.
      want = (int) Math.min((long) want * 2, end - pos);
    }
  }

  private FileChannel channel(Path file) throws IOException {
    if (channel == null || !file.equals(open)) {
      close();
      channel = FileChannel.open(file, StandardOpenOption.READ);
      open = file;
    }
    return channel;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      open = null;
    }
  }
}
