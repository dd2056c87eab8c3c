package io.benchtap.sink.durable;

import io.benchtap.model.Mark;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@link AppendLog}'s files from its horizon to the end at start-up: collects the marks
 * of the complete commits and finds what a write that did not complete left behind (a commit
 * shorter than its header says, a last line without its newline), which the log cuts off before
 * it appends again. Plain Java, no state; see AppendLog for the format.
 */
final class Recovery {

  /**
   * @param marks marks of the complete commits read
   * @param from where reading began (the horizon, or a point near the end of the newest file)
   * @param truncate files to cut, with the length to cut them to
   */
  record Result(Set<Mark> marks, LogPosition from, Map<Path, Long> truncate, long truncatedBytes) {}

  private Recovery() {}

  static Result scan(List<Path> files, LogPosition horizon, long noHorizonBytes) throws IOException {
    Set<Mark> marks = new HashSet<>();
    Map<Path, Long> truncate = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return new Result(marks, horizon, truncate, 0);
    }
    int first;
    long offset;
    if (horizon != null) {
      String name = horizon.file().getFileName().toString();
      first = files.size();
      offset = 0;
      for (int i = 0; i < files.size(); i++) {
        int c = files.get(i).getFileName().toString().compareTo(name);
        if (c == 0) {
          first = i;
          offset = horizon.offset();
          break;
        }
        if (c > 0) {
          // The horizon's file is gone (removed by hand): read everything after it.
          first = i;
          break;
        }
      }
    } else {
      first = files.size() - 1;
      offset = Math.max(0, Files.size(files.get(first)) - noHorizonBytes);
    }
    LogPosition from = first < files.size() ? new LogPosition(files.get(first), offset) : horizon;
    long cut = 0;
    for (int i = first; i < files.size(); i++) {
      Path f = files.get(i);
      long keep = scanFile(f, i == first ? offset : 0, horizon == null && i == first && offset > 0, marks);
      long size = Files.size(f);
      if (keep < size) {
        truncate.put(f, keep);
        cut += size - keep;
      }
    }
    return new Result(marks, from, truncate, cut);
  }

  /**
   * Reads one file from {@code start}; returns the length to keep (the end of the last complete
   * line or commit). With {@code alignFirst} the partial line at {@code start} is skipped.
   */
  private static long scanFile(Path file, long start, boolean alignFirst, Set<Mark> marks) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      Reader r = new Reader(ch, Math.min(start, size));
      if (alignFirst && start > 0) {
        r.skipLine();
      }
      while (true) {
        long lineStart = r.position();
        byte[] head = r.lineHead(AppendLog.HEADER.length());
        if (head == null) {
          return lineStart;
        }
        if (!r.lastLineComplete()) {
          // A last line without its newline: the rest of a write that did not complete.
          return lineStart;
        }
        if (isHeader(head)) {
          String header = r.lastLine();
          Commit c = parseHeader(header);
          if (c == null) {
            continue;
          }
          long dataEnd = r.position() + c.bytes();
          if (dataEnd > size) {
            return lineStart;
          }
          marks.addAll(c.marks());
          r.seek(dataEnd);
        }
      }
    }
  }

  private static boolean isHeader(byte[] head) {
    byte[] h = AppendLog.HEADER.getBytes(StandardCharsets.US_ASCII);
    if (head.length < h.length) {
      return false;
    }
    for (int i = 0; i < h.length; i++) {
      if (head[i] != h[i]) {
        return false;
      }
    }
    return true;
  }

  private record Commit(long bytes, List<Mark> marks) {}

  /** Parses {@code #benchtap commit <bytes> <mark>...}; null when malformed (then it is only a comment). */
  static Commit parseHeader(String line) {
    String[] p = line.substring(AppendLog.HEADER.length()).trim().split(" ");
    try {
      long bytes = Long.parseLong(p[0]);
      List<Mark> marks = new ArrayList<>(p.length - 1);
      for (int i = 1; i < p.length; i++) {
        marks.add(Mark.parse(p[i]));
      }
      return bytes < 0 ? null : new Commit(bytes, marks);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads lines from a channel; keeps the bytes of a line only when asked to. */
  private static final class Reader {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    private long bufStart;
    private boolean eof;
    private boolean complete;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    private boolean keepWhole;

    Reader(FileChannel ch, long start) throws IOException {
      this.ch = ch;
      seek(start);
    }

    long position() {
      return bufStart + buf.position();
    }

    void seek(long pos) throws IOException {
      bufStart = pos;
      buf.clear();
      buf.limit(0);
      eof = false;
    }

    private boolean fill() throws IOException {
      if (buf.hasRemaining()) {
        return true;
      }
      if (eof) {
        return false;
      }
      bufStart += buf.limit();
      buf.clear();
      int n = ch.read(buf, bufStart);
      buf.flip();
      if (n <= 0) {
        eof = true;
        return false;
      }
      return true;
    }

    void skipLine() throws IOException {
      while (fill()) {
        if (buf.get() == '\n') {
          return;
        }
      }
    }

    /**
     * Reads the next line; returns its first {@code n} bytes (the whole line is kept when it
     * starts with '#', for {@link #lastLine}); null at the end of the file.
     */
    byte[] lineHead(int n) throws IOException {
      line.reset();
      complete = false;
      keepWhole = false;
      if (!fill()) {
        return null;
      }
      boolean first = true;
      while (fill()) {
        byte b = buf.get();
        if (first) {
          keepWhole = b == '#';
          first = false;
        }
        if (b == '\n') {
          complete = true;
          break;
        }
        if (keepWhole || line.size() < n) {
          line.write(b);
        }
      }
      byte[] head = line.toByteArray();
      return head.length > n ? java.util.Arrays.copyOf(head, n) : head;
    }

    boolean lastLineComplete() {
      return complete;
    }

    String lastLine() {
      return line.toString(StandardCharsets.UTF_8);
    }
  }
}
