package io.benchtap.sink.durable;

import java.nio.file.Path;

/**
 * A place in an {@link AppendLog}: a file of the log and a byte offset in it. Files of a log sort
 * by name in the order they were written, so positions compare by file name, then offset.
 */
public record LogPosition(Path file, long offset) implements Comparable<LogPosition> {

  @Override
  public int compareTo(LogPosition o) {
    int c = file.getFileName().toString().compareTo(o.file.getFileName().toString());
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  @Override
  public String toString() {
    return file.getFileName() + ":" + offset;
  }
}
