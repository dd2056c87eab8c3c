package io.benchtap.sink;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Maps measurements and run events to InfluxDB points, shared by the InfluxDB and the file sink
 * so both write the same lines. The measurement is the tool; tags are the bounded identity
 * (device, env, net, run, benchmark, instance, phase) plus the metric's labels; the field is the
 * metric. Free text (command lines, versions, failure reasons) only ever goes into fields. The
 * client library escapes commas, spaces, equals signs and quotes.
 */
public final class LineProtocol {
  /** Measurement name of run lifecycle events. */
  public static final String RUNS = "benchtap_runs";

  private LineProtocol() {}

  public static Point point(Measurement m) {
    Point p = Point.measurement(m.tool())
        .addTag("device", m.device())
        .addTag("env", m.env())
        .addTag("net", m.net())
        .addTag("run", m.run())
        .addTag("benchmark", m.benchmark())
        .addTag("instance", m.instance())
        .addTag("phase", m.phase().wire())
        .addField(m.metric(), m.value())
        .time(nanos(m.time()), WritePrecision.NS);
    m.labels().forEach(p::addTag);
    return p;
  }

  public static Point point(RunEvent e) {
    Point p = Point.measurement(RUNS)
        .addTag("device", e.key().device())
        .addTag("env", e.key().env())
        .addTag("net", e.net())
        .addTag("run", e.key().run())
        .addTag("tool", e.key().tool())
        .addTag("instance", e.key().instance())
        .addTag("event", e.type().wire())
        .addField("count", 1L)
        .time(nanos(e.time()), WritePrecision.NS);
    if (e.command() != null) {
      p.addField("command", e.command());
    }
    if (e.version() != null) {
      p.addField("version", e.version());
    }
    if (e.instances() > 0) {
      p.addField("instances", (long) e.instances());
    }
    if (e.exitCode() != null) {
      p.addField("exit_code", (long) e.exitCode());
    }
    if (Double.isFinite(e.durationSeconds())) {
      p.addField("duration_seconds", e.durationSeconds());
    }
    if (e.reason() != null) {
      p.addField("reason", e.reason());
    }
    e.labels().forEach((k, v) -> p.addField("label_" + k, v));
    return p;
  }

  public static String line(Measurement m) {
    return point(m).toLineProtocol();
  }

  /** Measurements then events, one line each, every line ending in a newline, UTF-8. */
  public static byte[] encode(List<Measurement> measurements, List<RunEvent> events) {
    StringBuilder sb = new StringBuilder(measurements.size() * 160 + events.size() * 200);
    for (Measurement m : measurements) {
      sb.append(line(m)).append('\n');
    }
    for (RunEvent e : events) {
      sb.append(point(e).toLineProtocol()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
