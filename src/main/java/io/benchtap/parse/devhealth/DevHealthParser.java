package io.benchtap.parse.devhealth;

import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import java.util.List;

/**
 * Parser for device-health samples ({@code tool} = {@code devhealth}) that benchtap agents
 * publish beside benchmark output during soak runs: one sample per line,
 * {@code METRIC VALUE [label=value]}, values already in SI base units, e.g.
 * {@code load_average 1.25 window=1m} or {@code temperature_celsius 48.3 zone=thermal_zone0}.
 *
 * <p>Only a fixed whitelist of metrics is accepted, each with exactly its own label:
 * {@code cpu_utilization_ratio}, {@code load_average} ({@code window} = 1m, 5m, 15m),
 * {@code memory_available_bytes}, {@code memory_total_bytes}, {@code temperature_celsius}
 * ({@code zone}), {@code cpu_frequency_hertz} ({@code cpu}), {@code throttled_flags},
 * {@code network_receive_bytes_total} and {@code network_transmit_bytes_total}
 * ({@code interface}), {@code container_cpu_seconds_total} and
 * {@code container_memory_usage_bytes}. Label values are 1-32 of {@code [A-Za-z0-9_.:@-]}, and a
 * stream may create at most {@value DevHealthStream#MAX_SERIES} series. Every sample has
 * benchmark {@code health} and phase interval.
 *
 * <p>Blank lines and lines starting with {@code #} are ignored. Anything else that does not fit
 * (unknown metric or label, NaN, infinite or negative value, a ratio above 1) is reported with
 * {@code unparsed(line, reason)}; the stream goes on. The line format and units are documented
 * in docs/mqtt-contract.md and in this package's README.
 */
public final class DevHealthParser extends DeclaredParser {

  /** The whitelist's metrics; devhealth is sampled by the agent, not a program: no version flag. */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("devhealth", List.of(), HealthMetric.specs());

  public DevHealthParser() {
    super(DECLARATION);
  }

  /**
   * 90 when every non-comment line of the head is a valid device-health sample (at least one),
   * 50 when some are, 0 otherwise.
   */
  @Override
  public int detect(List<String> head) {
    if (head == null) {
      return 0;
    }
    int valid = 0;
    int other = 0;
    for (String line : head) {
      if (line == null || line.length() > DevHealthStream.MAX_LINE) {
        other++;
        continue;
      }
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (DevHealthStream.parse(t).problem() == null) {
        valid++;
      } else {
        other++;
      }
    }
    return valid == 0 ? 0 : other == 0 ? 90 : 50;
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    return new DevHealthStream();
  }
}
