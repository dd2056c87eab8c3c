package io.benchtap.sink.influx;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The InfluxDB sink's buffer: lines wait in memory up to a bound; beyond it they spill to a file
 * on disk, and once anything is on disk every newer line goes there too, so the order of writes
 * is kept. The sender takes the oldest lines first (disk before memory) and removes them only
 * when InfluxDB has acknowledged them; the read position in the spool file is persisted, so a
 * restart replays what was not yet sent. Thread-safe (one lock).
 */
final class Spool {
  private final Deque<String> memory = new ArrayDeque<>();
  private final int memoryLimit;
  private final Path file;
  private final Path offsetFile;
  private long readOffset;
  private long diskLines;
  private BufferedWriter writer;

  Spool(Path dir, int memoryLimit) throws IOException {
    Files.createDirectories(dir);
    this.memoryLimit = memoryLimit;
    this.file = dir.resolve("influx-spool.lp");
    this.offsetFile = dir.resolve("influx-spool.offset");
    if (Files.exists(offsetFile)) {
      readOffset = Long.parseLong(Files.readString(offsetFile).trim());
    }
    if (Files.exists(file)) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        long total = lines.count();
        long read = 0;
        try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
          r.seek(0);
          while (r.getFilePointer() < Math.min(readOffset, r.length()) && r.readLine() != null) {
            read++;
          }
        }
        diskLines = total - read;
      }
    }
  }

  /** Adds lines at the end. */
  synchronized void add(List<String> lines) throws IOException {
    if (diskLines == 0 && memory.size() + lines.size() <= memoryLimit) {
      memory.addAll(lines);
      return;
    }
    // Spill: whatever is in memory is older than these lines and goes to disk first.
    if (writer == null) {
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    if (diskLines == 0 && !memory.isEmpty()) {
      // The sender reads disk before memory, so the older lines in memory move to disk first.
      for (String l : memory) {
        writer.write(l);
        writer.write('\n');
        diskLines++;
      }
      memory.clear();
    }
    for (String l : lines) {
      writer.write(l);
      writer.write('\n');
      diskLines++;
    }
    writer.flush();
  }

  /** Up to max of the oldest lines, without removing them. */
  synchronized List<String> peek(int max) throws IOException {
    List<String> out = new ArrayList<>();
    if (diskLines > 0) {
      if (writer != null) {
        writer.flush();
      }
      try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
        r.seek(readOffset);
        String l;
        while (out.size() < max && (l = r.readLine()) != null) {
          out.add(new String(l.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
      }
      return out;
    }
    for (String l : memory) {
      if (out.size() >= max) {
        break;
      }
      out.add(l);
    }
    return out;
  }

  /** Removes the n oldest lines (after InfluxDB took them). */
  synchronized void remove(int n) throws IOException {
    if (diskLines > 0) {
      try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
        r.seek(readOffset);
        for (int i = 0; i < n && r.readLine() != null; i++) {
          diskLines--;
        }
        readOffset = r.getFilePointer();
      }
      if (diskLines == 0) {
        if (writer != null) {
          writer.close();
          writer = null;
        }
        Files.deleteIfExists(file);
        readOffset = 0;
      }
      Files.writeString(offsetFile, Long.toString(readOffset));
      return;
    }
    for (int i = 0; i < n && !memory.isEmpty(); i++) {
      memory.poll();
    }
  }

  synchronized long size() {
    return memory.size() + diskLines;
  }

  synchronized long onDisk() {
    return diskLines;
  }
}
