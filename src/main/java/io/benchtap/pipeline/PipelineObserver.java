package io.benchtap.pipeline;

import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;

/**
 * What the stream processor reports about its own work: the source of the self-metrics. All
 * methods are cheap and never throw. Tool names passed here are registered tools only, so label
 * values stay bounded.
 */
public interface PipelineObserver {
  /** A message arrived; kind is out, status, agent, alerts or unknown. */
  default void message(String kind, int bytes) {}

  /** A message or line was refused; reason is a short fixed word. */
  default void rejected(String reason, String detail) {}

  /** Lines accepted for a tool. */
  default void lines(String tool, int count) {}

  /** A stream printed something (for the idle time of running streams). */
  default void output(StreamKey key) {}

  /** A line its parser did not understand. */
  default void unparsed(StreamKey key, String line, String reason) {}

  /** A sample the normalizer refused. */
  default void invalidSample(String tool, String reason) {}

  /** A QoS 1 redelivery recognised by its sequence number and skipped. */
  default void duplicate(StreamKey key) {}

  /** A message arrived after a later {@code seq} of its stream was processed: parsed out of order. */
  default void late(StreamKey key) {}

  /** A message arrived ahead of an earlier {@code seq} of its stream and waits for it. */
  default void held(StreamKey key) {}

  /** Held messages went on without {@code missing} earlier sequence numbers (hold time over). */
  default void gapSkipped(StreamKey key, long missing) {}

  /** Measurements produced. */
  default void measurements(String tool, int count) {}

  /** A lifecycle event. */
  default void runEvent(RunEvent event) {}

  /** An agent's retained online/offline state. */
  default void agentState(String device, boolean online) {}

  /** Number of open streams after a change. */
  default void openStreams(int count) {}

  /** The no-op observer. */
  PipelineObserver NONE = new PipelineObserver() {};
}
