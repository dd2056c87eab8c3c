package io.benchtap.model;

import java.util.List;

/**
 * What one or more consecutive messages of a pipeline worker produced, as published in-process on
 * the event-bus address {@link #ADDRESS} for the listeners beside the sinks (the analyzer, the
 * live page, the bench's latency probe; in the Kafka analysis role, the feed from Kafka). Sent
 * with a local codec: never serialized, never leaves the JVM.
 */
public record MeasurementBatch(List<Measurement> measurements, List<RunEvent> events) {
  /** The event-bus address every produced batch is published on. */
  public static final String ADDRESS = "benchtap.measurements";
}
