package io.benchtap.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The values N = 0..n-1 of an {@link AgentLoad} as stored: how often each one is in the
 * line-protocol files of a directory, or in an InfluxDB-protocol store. A value missing is lost;
 * a value stored twice is a duplicate. In the store, a point sent again with the same series and
 * timestamp is the same point to InfluxDB (it keeps one point per series and time), so those are
 * counted apart as {@link Count#resent}, never as duplicates.
 */
final class StoredValues {
  private static final Pattern VALUE = Pattern.compile("memory_available_bytes=([0-9.eE+]+)");

  /** How often each value is stored, with what is missing or twice among 0..n-1. */
  record Count(TreeMap<Long, Integer> seen, List<Long> lost, List<Long> twice, int resent) {
    static Count of(TreeMap<Long, Integer> seen, int n, int resent) {
      List<Long> lost = new ArrayList<>();
      List<Long> twice = new ArrayList<>();
      for (long v = 0; v < n; v++) {
        int c = seen.getOrDefault(v, 0);
        if (c == 0) {
          lost.add(v);
        } else if (c > 1) {
          twice.add(v);
        }
      }
      return new Count(seen, lost, twice, resent);
    }

    @Override
    public String toString() {
      return "stored " + seen.size() + ", lost " + lost.size() + (lost.isEmpty() ? "" : " " + head(lost)) + ", twice " + twice.size()
          + (twice.isEmpty() ? "" : " " + head(twice)) + ", resent " + resent;
    }

    private static String head(List<Long> l) {
      return l.subList(0, Math.min(10, l.size())).toString();
    }
  }

  private StoredValues() {}

  /** Values of {@code run} in every {@code *.lp} file under {@code dir}. */
  static Count inFiles(Path dir, String run, int n) {
    TreeMap<Long, Integer> seen = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".lp")).toList()) {
          for (String line : Files.readAllLines(f)) {
            if (line.startsWith("#") || !line.contains("run=" + run)) {
              continue;
            }
            Matcher m = VALUE.matcher(line);
            if (m.find()) {
              seen.merge((long) Double.parseDouble(m.group(1)), 1, Integer::sum);
            }
          }
        }
      } catch (IOException e) {
        throw new AssertionError("cannot read " + dir + ": " + e);
      }
    }
    return Count.of(seen, n, 0);
  }

  /** Values of {@code run} in a VictoriaMetrics store (its InfluxDB line protocol import). */
  static Count inStore(String vmUrl, String run, int n) {
    ItEnv.http(vmUrl + "/internal/force_flush");
    String match = URLEncoder.encode("{__name__=\"devhealth_memory_available_bytes\",run=\"" + run + "\"}", StandardCharsets.UTF_8);
    String body = ItEnv.http(vmUrl + "/api/v1/export?match[]=" + match).body();
    TreeMap<Long, Integer> seen = new TreeMap<>();
    int resent = 0;
    for (String line : body.split("\n")) {
      if (line.isBlank() || !line.startsWith("{")) {
        continue;
      }
      JsonObject series = new JsonObject(line);
      JsonArray values = series.getJsonArray("values");
      JsonArray times = series.getJsonArray("timestamps");
      Set<String> points = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        long v = (long) values.getDouble(i).doubleValue();
        if (!points.add(times.getLong(i) + "/" + v)) {
          resent++;
          continue;
        }
        seen.merge(v, 1, Integer::sum);
      }
    }
    return Count.of(seen, n, resent);
  }

  /**
   * Polls {@code count} until nothing is lost, or until it has not changed for {@code quiet}
   * (then the caller's assertions name what is missing); at most {@code max}.
   */
  static Count settle(Supplier<Count> count, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long quietSince = System.nanoTime();
    Count last = count.get();
    while (!last.lost().isEmpty() && System.nanoTime() - quietSince < quiet.toNanos() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      Count now = count.get();
      if (now.seen().size() != last.seen().size()) {
        quietSince = System.nanoTime();
      }
      last = now;
    }
    return last;
  }
}
