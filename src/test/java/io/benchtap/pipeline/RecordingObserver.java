package io.benchtap.pipeline;

import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the pipeline's parts report, for tests to look at. */
final class RecordingObserver implements PipelineObserver {
  /** Reasons of refused messages and lines, in order. */
  final List<String> rejected = new ArrayList<>();
  /** Run events observed, in order. */
  final List<RunEvent> events = new ArrayList<>();
  /** Each open-stream count reported. */
  final List<Integer> openCounts = new ArrayList<>();
  /** "device online" / "device offline". */
  final List<String> agents = new ArrayList<>();
  /** "tool: reason" of refused samples, and "tool: line" of unparsed lines. */
  final List<String> invalid = new ArrayList<>();
  int lines;
  int measurements;
  int late;

  @Override
  public void late(StreamKey key) {
    late++;
  }

  @Override
  public void rejected(String reason, String detail) {
    rejected.add(reason);
  }

  @Override
  public void runEvent(RunEvent event) {
    events.add(event);
  }

  @Override
  public void openStreams(int count) {
    openCounts.add(count);
  }

  @Override
  public void agentState(String device, boolean online) {
    agents.add(device + (online ? " online" : " offline"));
  }

  @Override
  public void invalidSample(String tool, String reason) {
    invalid.add(tool + ": " + reason);
  }

  @Override
  public void unparsed(StreamKey key, String line, String reason) {
    invalid.add(key.tool() + ": " + line);
  }

  @Override
  public void lines(String tool, int count) {
    lines += count;
  }

  @Override
  public void measurements(String tool, int count) {
    measurements += count;
  }
}
