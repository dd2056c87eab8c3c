package io.benchtap.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The offsets of the status records ({@code started}/{@code finished}) whose output a partition's
 * log holds, in {@code .statuses} beside the log: a status has no {@code seq}, so the log's marks
 * cannot say that a new owner reading it again must not write its run event and final values a
 * second time. One decimal offset per line, appended when every sink held the status; trimmed to
 * the offsets at or after the committed one when a processor takes the partition.
 */
final class StatusLedger {
  private final Path file;
  private final Set<Long> held;

  private StatusLedger(Path file, Set<Long> held) {
    this.file = file;
    this.held = held;
  }

  /** Reads the ledger of {@code dir} and keeps the offsets from {@code from} on. Blocking. */
  static StatusLedger open(Path dir, long from) throws IOException {
    Path file = dir.resolve(".statuses");
    Set<Long> held = new HashSet<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          long o = Long.parseLong(line.trim());
          if (o >= from) {
            held.add(o);
          }
        } catch (NumberFormatException e) {
          // a line torn by a kill: its status was not recorded, it is written again (at least once)
        }
      }
    }
    Path tmp = dir.resolve(".statuses.tmp");
    String kept = held.stream().sorted().map(o -> o + "\n").collect(Collectors.joining());
    Files.writeString(tmp, kept, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new StatusLedger(file, held);
  }

  boolean contains(long offset) {
    return held.contains(offset);
  }

  /** Records a status held by every sink (a short append to the page cache). */
  void add(long offset) {
    if (held.add(offset)) {
      try {
        Files.writeString(file, offset + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
