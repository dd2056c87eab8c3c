package io.benchtap.parse;

/**
 * Receives what a {@link StreamParser} makes of the lines it is given. Implementations never
 * throw back into the parser.
 */
public interface ParseSink {

  /** A measurement extracted from the output. */
  void sample(Sample sample);

  /**
   * A line the parser does not understand. It is counted per tool and logged at a limited rate;
   * parsing goes on with the next line.
   *
   * @param line the offending line (may be long or contain control characters)
   * @param reason a short, fixed description, e.g. "unrecognised line" or "bad number"
   */
  void unparsed(String line, String reason);

  /**
   * The tool reported that the run failed (sysbench FATAL, iperf3 error JSON...). The run becomes
   * a {@code run_failed} event instead of garbage measurements.
   */
  default void runFailed(String reason) {}
}
