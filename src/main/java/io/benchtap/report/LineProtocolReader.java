package io.benchtap.report;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back the InfluxDB line protocol benchtap itself writes (the daily {@code .lp} files of the
 * file sink), so reports can be made offline from them. Understands exactly the shape of
 * {@code io.benchtap.sink.LineProtocol}: measurement = tool or {@code benchtap_runs}, escaped tags,
 * one numeric field per benchmark line; other lines are skipped and counted.
 */
public final class LineProtocolReader {
  private static final Set<String> IDENTITY = Set.of("device", "env", "net", "run", "benchmark", "instance", "phase");

  /** What a file gave. */
  public record Result(List<Measurement> measurements, List<RunEvent> events, int skipped) {}

  private LineProtocolReader() {}

  public static Result read(List<String> lines) {
    List<Measurement> ms = new ArrayList<>();
    List<RunEvent> events = new ArrayList<>();
    int skipped = 0;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        List<String> parts = split(line, ' ');
        if (parts.size() != 3) {
          skipped++;
          continue;
        }
        List<String> head = split(parts.get(0), ',');
        String measurement = unescape(head.get(0));
        Map<String, String> tags = new LinkedHashMap<>();
        for (String t : head.subList(1, head.size())) {
          List<String> kv = split(t, '=');
          tags.put(unescape(kv.get(0)), unescape(kv.get(1)));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : split(parts.get(1), ',')) {
          int eq = indexOfUnescaped(f, '=');
          fields.put(unescape(f.substring(0, eq)), f.substring(eq + 1));
        }
        long ns = Long.parseLong(parts.get(2));
        Instant time = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
        if (measurement.equals("benchtap_runs")) {
          events.add(event(tags, fields, time));
        } else {
          Map.Entry<String, String> field = fields.entrySet().iterator().next();
          Map<String, String> labels = new LinkedHashMap<>(tags);
          IDENTITY.forEach(labels::remove);
          ms.add(new Measurement(time, tags.get("device"), tags.get("env"), tags.getOrDefault("net", "unknown"),
              tags.get("run"), measurement, tags.getOrDefault("benchmark", "unknown"), tags.getOrDefault("instance", "1"),
              field.getKey(), Double.parseDouble(field.getValue().replaceAll("i$", "")), "",
              "interval".equals(tags.get("phase")) ? Phase.INTERVAL : Phase.FINAL, labels, TimeSource.IMPORT));
        }
      } catch (RuntimeException e) {
        skipped++;
      }
    }
    return new Result(ms, events, skipped);
  }

  private static RunEvent event(Map<String, String> tags, Map<String, String> fields, Instant time) {
    Map<String, String> labels = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      if (k.startsWith("label_")) {
        labels.put(k.substring(6), unquote(v));
      }
    });
    RunEvent.Type type = RunEvent.Type.valueOf(tags.get("event").toUpperCase(java.util.Locale.ROOT));
    String instances = fields.get("instances");
    String exit = fields.get("exit_code");
    return new RunEvent(time, new StreamKey(tags.get("device"), tags.get("env"), tags.get("run"), tags.get("tool"),
        tags.get("instance")), tags.getOrDefault("net", "unknown"), type,
        fields.containsKey("command") ? unquote(fields.get("command")) : null, null,
        instances == null ? 0 : Integer.parseInt(instances.replaceAll("i$", "")),
        exit == null ? null : Integer.parseInt(exit.replaceAll("i$", "")), Double.NaN, null, labels);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }

  /** Splits on sep outside quotes and not escaped. */
  static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        cur.append(c);
      } else if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexOfUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        sb.append(s.charAt(++i));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
