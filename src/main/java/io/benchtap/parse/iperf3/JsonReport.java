package io.benchtap.parse.iperf3;

import io.benchtap.parse.support.IperfEmitter;
import io.benchtap.parse.support.StreamOrdinals;
import static io.benchtap.parse.support.IperfEmitter.labels;
import static io.benchtap.parse.iperf3.JsonTree.bool;
import static io.benchtap.parse.iperf3.JsonTree.list;
import static io.benchtap.parse.iperf3.JsonTree.num;
import static io.benchtap.parse.iperf3.JsonTree.obj;
import static io.benchtap.parse.iperf3.JsonTree.str;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * iperf3 JSON: the whole {@code --json} document ({@code start}, {@code intervals}, {@code end},
 * optional {@code error}) and the {@code --json-stream} events ({@code start}, {@code interval},
 * {@code end}, {@code error}) whose {@code data} has the same shape as the document's parts.
 *
 * <p>Values are already in base units: {@code bits_per_second}, {@code bytes}, {@code jitter_ms}
 * (divided by 1000), {@code cpu_utilization_percent} (divided by 100). Each interval's streams get
 * a {@code stream} label only when there is more than one stream per direction: the ordinal of
 * its {@code socket} per {@code --bidir} role, counted from 1 from each {@code start}
 * ({@link StreamOrdinals}); the {@code sum} is the unlabelled headline. The {@code sender} flag of
 * each object gives the direction.
 */
final class JsonReport {

  private boolean server;
  private final StreamOrdinals ordinals = new StreamOrdinals();

  /** A whole {@code --json} document. */
  void document(Map<String, Object> doc, IperfEmitter emitter, ParseSink out) {
    String error = str(doc, "error");
    if (error != null) {
      emitter.fail(out, error);
      return;
    }
    start(obj(doc, "start"), emitter);
    for (Object interval : list(doc, "intervals")) {
      interval(interval, emitter, out);
    }
    end(obj(doc, "end"), emitter, out);
  }

  /** One {@code --json-stream} event; false when the line is not one. */
  boolean event(Map<String, Object> event, IperfEmitter emitter, ParseSink out) {
    String name = str(event, "event");
    if (name == null || !event.containsKey("data")) {
      return false;
    }
    Object data = event.get("data");
    switch (name) {
      case "start" -> start(obj(event, "data"), emitter);
      case "interval" -> interval(data, emitter, out);
      case "end" -> end(obj(event, "data"), emitter, out);
      case "error" -> emitter.fail(out, data instanceof String s ? s : "error event");
      default -> { } // server_output_text, server_output_json...: nothing to measure
    }
    return true;
  }

  private void start(Map<String, Object> start, IperfEmitter emitter) {
    ordinals.reset();
    if (start == null) {
      return;
    }
    server = start.containsKey("accepted_connection") && !start.containsKey("connecting_to");
    String protocol = str(obj(start, "test_start"), "protocol");
    if (protocol != null && protocol.matches("[A-Za-z]{1,8}")) {
      emitter.infer(protocol.toLowerCase(Locale.ROOT));
    }
  }

  private void interval(Object interval, IperfEmitter emitter, ParseSink out) {
    Map<String, Object> sum = obj(interval, "sum");
    Map<String, Object> reverseSum = obj(interval, "sum_bidir_reverse");
    boolean bidir = reverseSum != null;
    List<?> streams = list(interval, "streams");
    if (sum != null && bool(sum, "omitted")) {
      return;
    }
    int perDirection = bidir ? streams.size() / 2 : streams.size();
    if (perDirection > 1) {
      for (Object s : streams) {
        String role = role(s, bidir);
        values(s, direction(s), role, streamId(role, s), Phase.INTERVAL, emitter, out);
      }
    }
    if (sum != null) {
      values(sum, direction(sum), role(sum, bidir), null, Phase.INTERVAL, emitter, out);
    }
    if (reverseSum != null) {
      values(reverseSum, direction(reverseSum), role(reverseSum, true), null, Phase.INTERVAL,
          emitter, out);
    }
  }

  private void end(Map<String, Object> end, IperfEmitter emitter, ParseSink out) {
    if (end == null) {
      return;
    }
    boolean bidir = end.containsKey("sum_sent_bidir_reverse");
    List<?> streams = list(end, "streams");
    int perDirection = bidir ? streams.size() / 2 : streams.size();
    if (perDirection > 1) {
      for (Object s : streams) {
        for (String side : new String[] {"sender", "receiver"}) {
          Map<String, Object> v = obj(s, side);
          if (v != null) {
            String role = role(v, bidir);
            values(v, side, role, streamId(role, v), Phase.FINAL, emitter, out);
          }
        }
      }
    }
    String[][] sums = {{"sum_sent", "sender"}, {"sum_received", "receiver"},
        {"sum_sent_bidir_reverse", "sender"}, {"sum_received_bidir_reverse", "receiver"}};
    boolean any = false;
    for (String[] s : sums) {
      Map<String, Object> v = obj(end, s[0]);
      if (v != null) {
        any = true;
        values(v, s[1], role(v, bidir), null, Phase.FINAL, emitter, out);
      }
    }
    if (!any && obj(end, "sum") != null) {
      values(obj(end, "sum"), null, null, null, Phase.FINAL, emitter, out);
    }
    Map<String, Object> cpu = obj(end, "cpu_utilization_percent");
    emitter.emit(out, "cpu_utilization_ratio", num(cpu, "host_total") / 100, IperfEmitter.RATIO,
        Phase.FINAL, labels("side", "local"));
    emitter.emit(out, "cpu_utilization_ratio", num(cpu, "remote_total") / 100, IperfEmitter.RATIO,
        Phase.FINAL, labels("side", "remote"));
  }

  private void values(Object o, String direction, String role, String stream, Phase phase,
      IperfEmitter emitter, ParseSink out) {
    Map<String, String> l = labels("direction", direction, "stream", stream, "role", role);
    emitter.emit(out, "throughput_bytes_per_second", num(o, "bits_per_second") / 8,
        IperfEmitter.BYTES_PER_SECOND, phase, l);
    emitter.emit(out, "transferred_bytes", num(o, "bytes"), IperfEmitter.BYTES, phase, l);
    emitter.emit(out, "retransmits_total", num(o, "retransmits"), IperfEmitter.COUNT, phase, l);
    double packets = num(o, "packets");
    if (!"sender".equals(direction) && o instanceof Map<?, ?> m
        && m.containsKey("jitter_ms")) {
      double lost = num(o, "lost_packets");
      emitter.emit(out, "jitter_seconds", num(o, "jitter_ms") / 1000, IperfEmitter.SECONDS, phase, l);
      emitter.emit(out, "datagrams_lost_total", lost, IperfEmitter.COUNT, phase, l);
      emitter.emit(out, "datagrams_total", packets, IperfEmitter.COUNT, phase, l);
      if (packets > 0) {
        emitter.emit(out, "datagrams_lost_ratio", lost / packets, IperfEmitter.RATIO, phase, l);
      }
    } else {
      emitter.emit(out, "datagrams_total", packets, IperfEmitter.COUNT, phase, l);
    }
  }

  private static String direction(Object o) {
    return bool(o, "sender") ? "sender" : "receiver";
  }

  /** The {@code --bidir} role of a flow as iperf3's text output names it, or null. */
  private String role(Object o, boolean bidir) {
    if (!bidir) {
      return null;
    }
    return (bool(o, "sender") ? "tx_" : "rx_") + (server ? "s" : "c");
  }

  /** The ordinal of the object's {@code socket} among the sockets of its role, or null. */
  private String streamId(String role, Object o) {
    double socket = num(o, "socket");
    return Double.isNaN(socket) || socket > 1e6 ? null
        : ordinals.of(role, String.valueOf((long) socket));
  }
}
