package io.benchtap.pipeline;

import io.benchtap.log.RateLimitedLog;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-metrics of the pipeline (names in docs/metrics.md, section "benchtap's own metrics") and
 * rate-limited logging of bad input. Every label value here is bounded: kinds and reasons are
 * fixed words, tools are registered parsers, devices are the devices of the campaign.
 */
public final class PipelineMetrics implements PipelineObserver {
  private static final Logger LOG = LoggerFactory.getLogger("io.benchtap.ingest");

  private final MeterRegistry registry;
  private final RateLimitedLog limited;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final Map<String, AtomicInteger> agents = new ConcurrentHashMap<>();
  private final Counter bytes;
  private final Counter duplicates;
  private final Counter held;
  private final Counter late;
  private final Counter gaps;
  // Per-message counters, looked up once per label value (a registry lookup builds an id and
  // sorts its tags every time).
  private final Map<String, Counter> messages = new ConcurrentHashMap<>();
  private final Map<String, Counter> lines = new ConcurrentHashMap<>();
  private final Map<String, Counter> measurements = new ConcurrentHashMap<>();
  private final Map<String, Counter> unparsedLines = new ConcurrentHashMap<>();
  private final Map<String, String> unparsedKeys = new ConcurrentHashMap<>();

  private StreamActivity activity;

  /** Also tracks running streams' idle time in the given collector. */
  public PipelineMetrics activity(StreamActivity activity) {
    this.activity = activity;
    return this;
  }

  @Override
  public void output(StreamKey key) {
    if (activity != null) {
      activity.output(key);
    }
  }

  public PipelineMetrics(MeterRegistry registry, int unparsedLogPerMinute) {
    this.registry = registry;
    this.limited = new RateLimitedLog(LOG, unparsedLogPerMinute, System::nanoTime);
    this.bytes = Counter.builder("benchtap.ingest.bytes").description("Payload bytes received").register(registry);
    this.duplicates = Counter.builder("benchtap.ingest.duplicates")
        .description("QoS 1 redeliveries recognised by sequence number and skipped").register(registry);
    registry.gauge("benchtap.streams.open", openStreams);
    this.held = Counter.builder("benchtap.ingest.held")
        .description("Messages that arrived ahead of an earlier seq of their stream and waited for it").register(registry);
    this.late = Counter.builder("benchtap.ingest.late")
        .description("Messages processed after a later seq of their stream (beyond the reorder hold)").register(registry);
    this.gaps = Counter.builder("benchtap.ingest.gaps")
        .description("Sequence numbers never seen when held messages went on after pipeline.reorderHoldMs").register(registry);
  }

  @Override
  public void message(String kind, int size) {
    cached(messages, "benchtap.ingest.messages", "kind", kind).increment();
    bytes.increment(size);
  }

  private Counter cached(Map<String, Counter> cache, String name, String tag, String value) {
    Counter c = cache.get(value);
    return c != null ? c : cache.computeIfAbsent(value, v -> registry.counter(name, tag, v));
  }

  @Override
  public void rejected(String reason, String detail) {
    registry.counter("benchtap.ingest.rejected", "reason", reason).increment();
    limited.warn("rejected " + reason, detail);
  }

  @Override
  public void lines(String tool, int count) {
    cached(lines, "benchtap.ingest.lines", "tool", tool).increment(count);
  }

  @Override
  public void unparsed(StreamKey key, String line, String reason) {
    cached(unparsedLines, "benchtap.parse.unparsed.lines", "tool", key.tool()).increment();
    limited.warn(unparsedKeys.computeIfAbsent(key.tool(), t -> "unparsed " + t),
        () -> key + ": " + reason + ": \"" + StreamProcessor.abbreviate(line) + "\"");
  }

  @Override
  public void invalidSample(String tool, String reason) {
    registry.counter("benchtap.parse.invalid.samples", "tool", tool).increment();
    limited.warn("invalid sample " + tool, reason);
  }

  @Override
  public void duplicate(StreamKey key) {
    duplicates.increment();
  }

  @Override
  public void late(StreamKey key) {
    late.increment();
  }

  @Override
  public void held(StreamKey key) {
    held.increment();
  }

  @Override
  public void gapSkipped(StreamKey key, long missing) {
    gaps.increment(missing);
    limited.warn("gap " + key.tool(), key + ": " + missing + " message(s) of the stream never arrived within pipeline.reorderHoldMs;"
        + " going on without them");
  }

  @Override
  public void measurements(String tool, int count) {
    if (count > 0) {
      cached(measurements, "benchtap.measurements", "tool", tool).increment(count);
    }
  }

  @Override
  public void runEvent(RunEvent e) {
    registry.counter("benchtap.run.events", "device", e.key().device(), "env", e.key().env(),
        "tool", e.key().tool(), "event", e.type().wire()).increment();
    if (activity != null) {
      switch (e.type()) {
        case STARTED -> activity.started(e.key());
        case FINISHED -> activity.finished(e.key());
        default -> { }
      }
    }
    if (e.type() == RunEvent.Type.FAILED) {
      limited.warn("run failed " + e.key().tool(), e.key() + ": " + e.reason());
    }
  }

  @Override
  public void agentState(String device, boolean online) {
    agents.computeIfAbsent(device, d -> {
      AtomicInteger v = new AtomicInteger();
      registry.gauge("benchtap.agent.online", io.micrometer.core.instrument.Tags.of("device", d), v);
      return v;
    }).set(online ? 1 : 0);
  }

  @Override
  public void openStreams(int count) {
    // Each worker reports its own count; the gauge is their sum kept by delta.
  }

  /** Adds a worker's change of open streams to the total gauge. */
  public void openStreamsDelta(int delta) {
    openStreams.addAndGet(delta);
  }
}
