package io.benchtap.agent.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Small, never-throwing readers for /proc and /sys files. */
final class ProcFiles {

  /** Pseudo files are small; anything bigger is not what we expect. */
  private static final long MAX_BYTES = 1 << 20;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

  private ProcFiles() {}

  /** The file's lines, or an empty list when it is missing, unreadable or too big. */
  static List<String> lines(Path file) {
    try {
      // sysfs reports a size of 4096 for every attribute, procfs 0: check the real length read
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > MAX_BYTES) {
        return List.of();
      }
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The first line, stripped, or null. */
  static String firstLine(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? null : lines.get(0).strip();
  }

  /** The first line as a non-negative decimal long. */
  static OptionalLong firstLong(Path file) {
    return parseLong(firstLine(file));
  }

  /** A non-negative decimal long, empty for anything else (sign, blank, overflow). */
  static OptionalLong parseLong(String text) {
    if (text == null || !DIGITS.matcher(text).matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
