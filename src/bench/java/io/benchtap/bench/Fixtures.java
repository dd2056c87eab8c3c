package io.benchtap.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real captured benchmark outputs to replay: every {@code DIR/<tool>/*.txt} of the repository's
 * test fixtures ({@code src/test/resources/outputs}), with its command line when the fixture has
 * one (the {@code commandLine} of its {@code .expected.json}, else the tool's
 * {@code commands.tsv}); it becomes the {@code started} status' command, as an agent would send
 * it. Invalid UTF-8 is decoded with replacement characters, so a fixture with
 * injected garbage is still sent as text.
 */
public final class Fixtures {
  /** One captured output. */
  public record Fixture(String tool, String name, List<String> lines, String command) {
    /** The whole output as one text, lines separated by {@code \n}. */
    public String text() {
      return String.join("\n", lines);
    }
  }

  private Fixtures() {}

  /** Loads the fixtures of the given tools, in a stable order; fails if a tool has none. */
  public static List<Fixture> load(Path dir, List<String> tools) throws IOException {
    List<Fixture> out = new ArrayList<>();
    for (String tool : tools) {
      Path toolDir = dir.resolve(tool);
      if (!Files.isDirectory(toolDir)) {
        throw new IOException("no fixtures for tool '" + tool + "': " + toolDir + " is not a directory"
            + " (give --fixtures DIR, the repository's src/test/resources/outputs)");
      }
      Map<String, String> commands = commands(toolDir.resolve("commands.tsv"));
      List<Path> files;
      try (Stream<Path> s = Files.list(toolDir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      }
      for (Path f : files) {
        String name = f.getFileName().toString().replaceFirst("\\.txt$", "");
        List<String> lines = decode(Files.readAllBytes(f)).lines().toList();
        if (!lines.isEmpty()) {
          out.add(new Fixture(tool, name, lines, command(toolDir.resolve(name + ".expected.json"), commands.get(name))));
        }
      }
      if (files.isEmpty()) {
        throw new IOException("no *.txt fixtures in " + toolDir);
      }
    }
    return out;
  }

  /** The tools that have a fixture directory under {@code dir}, sorted. */
  public static List<String> tools(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String command(Path expected, String fallback) {
    if (Files.isRegularFile(expected)) {
      try {
        String c = new io.vertx.core.json.JsonObject(Files.readString(expected, StandardCharsets.UTF_8)).getString("commandLine");
        if (c != null && !c.isBlank()) {
          return c;
        }
      } catch (IOException | RuntimeException e) {
        // not readable as JSON with a string commandLine: use the fallback
      }
    }
    return fallback;
  }

  private static Map<String, String> commands(Path tsv) throws IOException {
    Map<String, String> m = new HashMap<>();
    if (!Files.isRegularFile(tsv)) {
      return m;
    }
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (line.startsWith("#") || tab <= 0) {
        continue;
      }
      m.put(line.substring(0, tab), line.substring(tab + 1).trim());
    }
    return m;
  }

  private static String decode(byte[] bytes) throws IOException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(ByteBuffer.wrap(bytes)).toString().replace("\0", "");
  }
}
