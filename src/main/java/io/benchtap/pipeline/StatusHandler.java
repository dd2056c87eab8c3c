package io.benchtap.pipeline;

import io.benchtap.contract.Payload;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status side of the MQTT contract (docs/mqtt-contract.md): a stream's {@code started} and
 * {@code finished} status become {@link RunEvent}s and drive its parser (a {@code started} ends
 * the previous run's parser and opens a new one with the command line, unless the device printed
 * it before the output that began the current state, which a broker then handed over late; a
 * {@code finished} ends
 * it and adds {@code run_failed} for a non-zero exit code the parser did not report already), and
 * an agent's retained online/offline state goes to the observer. Plain Java, one thread.
 */
final class StatusHandler {
  private final StreamTable streams;
  private final PipelineObserver observer;

  StatusHandler(StreamTable streams, PipelineObserver observer) {
    this.streams = streams;
    this.observer = observer;
  }

  /** The status payload decoded, or null when it is malformed (counted as {@code bad_status}). */
  StatusEvent decode(StreamKey key, byte[] bytes) throws Payload.Rejected {
    try {
      return StatusEvent.decode(Payload.utf8(bytes));
    } catch (IllegalArgumentException e) {
      observer.rejected("bad_status", key + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Applies a decoded status of {@code key} (a stream of {@code tool}) that arrived at
   * {@code arrival}: what its parser flushes and the run events go into {@code acc}. The events
   * and the count of measurements produced here are observed; the parser's own
   * {@code run_failed} events were observed when it reported them.
   */
  void apply(StreamKey key, ToolParser tool, StatusEvent ev, Instant arrival, OutcomeBuilder acc) {
    Instant time = ev.time() != null ? ev.time() : arrival;
    List<Measurement> out = acc.out;
    List<RunEvent> events = acc.events;
    int outBefore = out.size();
    int eventsBefore = events.size();
    StreamState current = streams.get(key);
    if (ev.event().equals("started") && current != null && !current.started && !current.ended && current.parser != null
        && current.firstDeviceTime != null && ev.time() != null && !ev.time().isAfter(current.firstDeviceTime)) {
      // The device printed this start before the output already parsed: a broker handed it over
      // late. It belongs to this run: the parser state its output began stays (a reset would
      // lose what that output told it); the run gets its start event and net from here on.
      current.started = true;
      if (ev.net() != null) {
        current.net = ev.net();
      }
      observer.late(key);
      events.add(new RunEvent(time, key, current.net, RunEvent.Type.STARTED, ev.command(), ev.version(), ev.instances(),
          null, Double.NaN, null, ev.labels()));
    } else if (ev.event().equals("started")) {
      StreamState old = streams.remove(key);
      if (old != null && !old.ended && old.parser != null) {
        StreamCollector c = new StreamCollector(key, old.net, time, TimeSource.ARRIVAL, observer);
        old.parser.end(c);
        out.addAll(c.out);
      }
      StreamState st = streams.open(key, tool, arrival, StreamContext.ofCommand(ev.command()));
      if (streams.keepsMarksOnRestart() && old != null && old.partlyHeld != null) {
        st.partlyHeld = old.partlyHeld;
      }
      st.started = true;
      st.order.expectFromZero();
      if (ev.net() != null) {
        st.net = ev.net();
      }
      events.add(new RunEvent(time, key, st.net, RunEvent.Type.STARTED, ev.command(), ev.version(), ev.instances(),
          null, Double.NaN, null, ev.labels()));
    } else {
      StreamState st = streams.open(key, tool, arrival, null);
      StreamCollector c = new StreamCollector(key, st.net, time, ev.time() != null ? TimeSource.DEVICE : TimeSource.ARRIVAL,
          observer);
      if (!st.ended) {
        st.parser.end(c);
        st.ended = true;
      }
      out.addAll(c.out);
      events.addAll(c.events);
      eventsBefore = events.size();
      int code = ev.exitCode() == null ? 0 : ev.exitCode();
      events.add(new RunEvent(time, key, st.net, RunEvent.Type.FINISHED, null, null, ev.instances(), code,
          ev.durationSeconds(), null, Map.of()));
      if (code != 0 && c.events.isEmpty() && !st.failed) {
        events.add(new RunEvent(time, key, st.net, RunEvent.Type.FAILED, null, null, ev.instances(), code,
            ev.durationSeconds(), "exit code " + code, Map.of()));
      }
    }
    events.subList(eventsBefore, events.size()).forEach(observer::runEvent);
    observer.measurements(key.tool(), out.size() - outBefore);
  }

  /** An agent's state message: {@code online}, {@code offline}, or JSON with such a {@code state}. */
  void agent(String device, byte[] bytes) throws Payload.Rejected {
    String text = Payload.utf8(bytes).trim();
    String state = text;
    if (text.startsWith("{")) {
      try {
        state = new JsonObject(text).getString("state", "");
      } catch (RuntimeException e) {
        state = "";
      }
    }
    switch (state) {
      case "online" -> observer.agentState(device, true);
      case "offline" -> observer.agentState(device, false);
      default -> observer.rejected("bad_agent_state", device + ": agent state must be online or offline");
    }
  }
}
