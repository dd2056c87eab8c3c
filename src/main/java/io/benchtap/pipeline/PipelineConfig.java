package io.benchtap.pipeline;

import io.benchtap.config.Cfg;
import java.time.Duration;

/** The pipeline section ({@code pipeline.*}): workers, size limits, state expiry. */
public record PipelineConfig(int workers, int maxMessageBytes, int maxLineBytes, Duration streamTtl, int unparsedLogPerMinute,
    Duration reorderHold, int reorderMaxHeld) {
  public static PipelineConfig from(Cfg c) {
    return new PipelineConfig(
        c.integer("pipeline.workers", 0, 64),
        c.integer("pipeline.maxMessageBytes", 1024, 256 * 1024 * 1024),
        c.integer("pipeline.maxLineBytes", 256, 64 * 1024 * 1024),
        Duration.ofSeconds(c.longValue("pipeline.streamTtlSeconds", 1, 30L * 86400)),
        c.integer("pipeline.unparsedLogPerMinute", 0, 100_000),
        Duration.ofMillis(c.longValue("pipeline.reorderHoldMs", 0, 60_000)),
        c.integer("pipeline.reorderMaxHeld", 0, 65_535));
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
