package io.benchtap.parse.support;

import io.benchtap.parse.ParseSink;

/**
 * The emitter of the iperf (2) and iperf3 parsers: a later benchmark name from the output
 * replaces an earlier one (unless the command line named it), and failure reasons name the tool.
 */
public final class IperfEmitter extends SampleEmitter {

  private final String tool;

  /** An emitter for one stream of {@code tool} (iperf or iperf3; named in failure reasons). */
  public IperfEmitter(String tool, String benchmark) {
    super(benchmark);
    this.tool = tool;
  }

  /** Names the benchmark from the output, unless the command line already did. */
  @Override
  public void infer(String name) {
    if (!fixed() && name != null) {
      rename(name);
    }
  }

  /** Reports the failure once as {@code <tool> error: reason}; true the first time. */
  @Override
  public boolean fail(ParseSink out, String reason) {
    return fail(out, tool + " error: ", reason == null ? "" : reason.strip());
  }
}
