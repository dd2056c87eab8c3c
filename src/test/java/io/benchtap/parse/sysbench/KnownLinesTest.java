package io.benchtap.parse.sysbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The first-character index of the known lines classifies exactly as trying all of them in order. */
class KnownLinesTest {
  @Test
  void theIndexedLookupAgreesWithTheFullScanOnEveryFixtureLine() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/outputs/sysbench"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
        for (String l : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\r?\n")) {
          lines.add(l.strip());
        }
      }
    }
    // and lines that start with what the patterns' alternatives and classes allow
    lines.addAll(List.of("", "WARNING: x", "General statistics:", "12 files, 1Mb each", "0.010 |**  3", "read: 5",
        "é", "Done.", "Donex", "sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)"));
    int known = 0;
    for (String t : lines) {
      String expected = KnownLines.classifyByScan(t);
      assertThat(KnownLines.classify(t)).as(t).isEqualTo(expected);
      known += expected == null ? 0 : 1;
    }
    assertThat(lines).hasSizeGreaterThan(500);
    assertThat(known).as("known lines among them").isGreaterThan(100);
  }

  @Test
  void onlyAPlainLeadingLetterOrDigitIsALiteralFirstCharacter() {
    assertThat(KnownLines.literalFirst("Done\\.")).isEqualTo('D');
    assertThat(KnownLines.literalFirst("(read|write):")).isEqualTo(-1);
    assertThat(KnownLines.literalFirst("\\d+ files")).isEqualTo(-1);
    assertThat(KnownLines.literalFirst("[0-9.]+ \\|")).isEqualTo(-1);
    assertThat(KnownLines.literalFirst("a?b")).isEqualTo(-1);
  }
}
