package io.benchtap.sink.influx;

import io.benchtap.sink.durable.AppendLog;
import io.benchtap.sink.durable.LogPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the InfluxDB spool: segments {@code influx-NNNNNNNNNNNNNNNN.lp} of up to
 * {@link #SEGMENT_BYTES}, written in number order, and {@code influx.cursor}, the position up to
 * which InfluxDB has acknowledged the points. Segments wholly before the cursor (and before the
 * log's horizon) are removed.
 */
final class SpoolFiles implements AppendLog.Layout {
  static final long SEGMENT_BYTES = 64L << 20;
  private static final Pattern SEGMENT = Pattern.compile("influx-(\\d{16})\\.lp");

  private final Path dir;
  private final long segmentBytes;

  SpoolFiles(Path dir, long segmentBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  @Override
  public Path target(Instant now, Path last, long lastLength) {
    if (last == null) {
      return segment(1);
    }
    return lastLength < segmentBytes ? last : segment(number(last) + 1);
  }

  @Override
  public List<Path> files() throws IOException {
    return AppendLog.Layout.matching(dir, SEGMENT);
  }

  Path segment(long n) {
    return dir.resolve(String.format("influx-%016d.lp", n));
  }

  static long number(Path segment) {
    Matcher m = SEGMENT.matcher(segment.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a spool segment: " + segment);
    }
    return Long.parseLong(m.group(1));
  }

  /** The segment after {@code file}, if one exists. */
  Path next(Path file) throws IOException {
    String name = file.getFileName().toString();
    for (Path p : files()) {
      if (p.getFileName().toString().compareTo(name) > 0) {
        return p;
      }
    }
    return null;
  }

  LogPosition readCursor() {
    Path f = dir.resolve("influx.cursor");
    try {
      if (!Files.exists(f)) {
        return null;
      }
      String[] p = Files.readString(f, StandardCharsets.UTF_8).trim().split(" ");
      return new LogPosition(dir.resolve(p[0]), Long.parseLong(p[1]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void writeCursor(LogPosition cursor) throws IOException {
    Path f = dir.resolve("influx.cursor");
    Path tmp = dir.resolve("influx.cursor.tmp");
    Files.writeString(tmp, cursor.file().getFileName() + " " + cursor.offset() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Takes over the spool of benchtap before 0.2 ({@code influx-spool.lp} with its read offset in
   * {@code influx-spool.offset}) as segment 0, so what it held is still sent.
   */
  void migrateLegacy() throws IOException {
    Path old = dir.resolve("influx-spool.lp");
    if (!Files.exists(old)) {
      return;
    }
    Path offsetFile = dir.resolve("influx-spool.offset");
    long offset = 0;
    if (Files.exists(offsetFile)) {
      offset = Long.parseLong(Files.readString(offsetFile, StandardCharsets.UTF_8).trim());
    }
    Path seg0 = segment(0);
    Files.move(old, seg0, StandardCopyOption.REPLACE_EXISTING);
    if (readCursor() == null) {
      writeCursor(new LogPosition(seg0, offset));
    }
    Files.deleteIfExists(offsetFile);
  }
}
