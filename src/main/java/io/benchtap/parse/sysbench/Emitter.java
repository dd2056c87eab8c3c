package io.benchtap.parse.sysbench;

import io.benchtap.model.Phase;
import io.benchtap.parse.support.SampleEmitter;

/**
 * The shared {@link SampleEmitter} with sysbench's checkpoint reports. Final values are emitted
 * once per metric and label set (sysbench 1.1 prints events per second twice, as {@code events
 * per second} and {@code events/s (eps)}; the first one wins). After a {@code FATAL} line nothing
 * more is emitted. A checkpoint report counts events since the previous checkpoint (sysbench
 * resets its cumulative counters at each one), so interval {@code events_total} is summed.
 */
final class Emitter extends SampleEmitter {

  private boolean checkpoint;

  Emitter(String benchmark) {
    super(benchmark);
  }

  /**
   * Inside a {@code --report-checkpoints} report the summary block describes the time since the
   * previous checkpoint, not the run: its values are live (interval) values, and the real final
   * summary that follows must still be emitted as final.
   */
  void checkpoint(boolean inside) {
    checkpoint = inside;
  }

  @Override
  protected Phase phase(Phase printed) {
    return printed == Phase.FINAL && checkpoint ? Phase.INTERVAL : printed;
  }
}
