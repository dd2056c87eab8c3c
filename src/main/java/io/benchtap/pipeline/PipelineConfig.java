package io.benchtap.pipeline;

import io.benchtap.config.Cfg;
import java.time.Duration;

/** The pipeline section ({@code pipeline.*}): workers, size limits, state expiry. */
public record PipelineConfig(int workers, int maxMessageBytes, int maxLineBytes, Duration streamTtl, int unparsedLogPerMinute,
    Duration reorderHold, int reorderMaxHeld) {
  public static PipelineConfig from(Cfg c) {
    return new PipelineConfig(
        workers(c),
        c.integer("pipeline.maxMessageBytes", 1024, 256 * 1024 * 1024),
        c.integer("pipeline.maxLineBytes", 256, 64 * 1024 * 1024),
        Duration.ofSeconds(c.longValue("pipeline.streamTtlSeconds", 1, 30L * 86400)),
        c.integer("pipeline.unparsedLogPerMinute", 0, 100_000),
        Duration.ofMillis(c.longValue("pipeline.reorderHoldMs", 0, 60_000)),
        c.integer("pipeline.reorderMaxHeld", 0, 65_535));
  }

  /**
   * {@code pipeline.workers}: a number, or {@code auto} (the default): 0 (parse on the MQTT
   * connection's event loop, PUBACKs of one socket read flushed together, no thread hand-off) on a
   * machine with one or two CPUs, where the broker usually runs beside benchtap; 2 on larger ones.
   * On 2 CPUs inline parsing drained a backlog with less CPU per message than 2 workers
   * (docs/performance.md, "Draining a backlog").
   */
  static int workers(Cfg c) {
    return workers(c, Runtime.getRuntime().availableProcessors());
  }

  static int workers(Cfg c, int cpus) {
    String v = c.string("pipeline.workers");
    if (v == null || v.trim().equals("auto")) {
      return cpus <= 2 ? 0 : 2;
    }
    return c.integer("pipeline.workers", 0, 64);
  }

  /** Messages one of {@code workers} pipeline workers may hold at once (its share of the total). */
  public int reorderMaxHeldPerWorker() {
    return workers <= 1 ? reorderMaxHeld : (reorderMaxHeld + workers - 1) / workers;
  }

  /** Defaults, for offline parsing. */
  public static PipelineConfig defaults() {
    return from(new Cfg(null));
  }
}
