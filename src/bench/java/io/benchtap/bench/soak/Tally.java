package io.benchtap.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the message numbers 0..published-1 of a soak run where they were stored: in the daily
 * line-protocol files of the file sink (exact: every line is one value; {@code #} lines are the
 * sink's commit marks, not data), and in VictoriaMetrics ({@code /internal/force_flush}, then
 * {@code /api/v1/export}): there a point posted again after a crash (same series, time and value)
 * is the same point to InfluxDB and counted as resent, a value at two distinct points as
 * duplicated.
 */
final class Tally {
  private static final int SHOWN = 20;
  private static final Pattern DAILY = Pattern.compile("benchtap-\\d{4}-\\d{2}-\\d{2}\\.lp");
  private static final Pattern VALUE = Pattern.compile("[, ]memory_available_bytes=([^, ]+)");

  private final long published;
  private final BitSet once;
  private final BitSet more = new BitSet();
  private long values;
  private long duplicated;
  private long resent;
  private long foreign;

  Tally(long published) {
    this.published = published;
    this.once = new BitSet((int) Math.min(Integer.MAX_VALUE, published));
  }

  void add(double v) {
    values++;
    long id = (long) v;
    if (id != v || id < 0 || id >= published) {
      foreign++;
    } else if (once.get((int) id)) {
      duplicated++;
      more.set((int) id);
    } else {
      once.set((int) id);
    }
  }

  void resent() {
    resent++;
  }

  SinkCount result(String where, long series) {
    List<Long> lost = new ArrayList<>();
    for (int i = once.nextClearBit(0); i < published && lost.size() < SHOWN; i = once.nextClearBit(i + 1)) {
      lost.add((long) i);
    }
    List<Long> twice = new ArrayList<>();
    for (int i = more.nextSetBit(0); i >= 0 && twice.size() < SHOWN; i = more.nextSetBit(i + 1)) {
      twice.add((long) i);
    }
    return new SinkCount(where, values, published - once.cardinality(), duplicated, resent, foreign, series, lost, twice);
  }

  /** The run's values in the daily files {@code benchtap-YYYY-MM-DD.lp} of {@code dir}. */
  static SinkCount inFiles(Path dir, String run, long published) {
    Tally t = new Tally(published);
    long files = 0;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path f : s.filter(p -> DAILY.matcher(p.getFileName().toString()).matches()).sorted().toList()) {
          files++;
          t.file(Files.readString(f, StandardCharsets.UTF_8), run);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir, e);
      }
    }
    return t.result("files", files);
  }

  private void file(String text, String run) {
    String tagA = ",run=" + run + ",";
    String tagB = ",run=" + run + " ";
    int from = 0;
    // Only whole lines: serve may be appending while this reads.
    for (int eol = text.indexOf('\n'); eol >= 0; from = eol + 1, eol = text.indexOf('\n', from)) {
      if (text.charAt(from) == '#') {
        continue;
      }
      String line = text.substring(from, eol);
      if (!line.contains(tagA) && !line.contains(tagB)) {
        continue;
      }
      Matcher m = VALUE.matcher(line);
      if (m.find()) {
        add(Double.parseDouble(m.group(1)));
      }
    }
  }

  /** The run's {@code devhealth_memory_available_bytes} points in VictoriaMetrics. */
  static SinkCount inStore(String vmUrl, String run, long published) {
    SoakServices.get(vmUrl + "/internal/force_flush");
    String match = URLEncoder.encode("{__name__=\"devhealth_memory_available_bytes\",run=\"" + run + "\"}", StandardCharsets.UTF_8);
    return fromExport(SoakServices.get(vmUrl + "/api/v1/export?match[]=" + match), published);
  }

  /** Counts the points of a VictoriaMetrics {@code /api/v1/export} answer (one JSON series a line). */
  static SinkCount fromExport(String body, long published) {
    Tally t = new Tally(published);
    long series = 0;
    for (String line : body.split("\n")) {
      if (line.isBlank() || !line.startsWith("{")) {
        continue;
      }
      series++;
      JsonObject s = new JsonObject(line);
      JsonArray values = s.getJsonArray("values");
      JsonArray times = s.getJsonArray("timestamps");
      Set<String> points = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        double v = ((Number) values.getValue(i)).doubleValue();
        if (points.add(times.getLong(i) + "/" + v)) {
          t.add(v);
        } else {
          t.resent();
        }
      }
    }
    return t.result("store", series);
  }
}
