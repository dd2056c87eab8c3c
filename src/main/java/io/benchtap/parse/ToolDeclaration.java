package io.benchtap.parse;

import io.benchtap.model.MetricSpec;
import java.util.List;
import java.util.Objects;

/**
 * What a parser declares about its tool, in one place: everything the rest of benchtap knows of
 * the tool besides the parsing itself (docs/adding-a-tool.md).
 *
 * @param tool the tool's name as it appears in topics and on the command line, lower case, e.g.
 *     {@code sysbench}
 * @param versionFlags the arguments that make the tool print its version and exit at once, e.g.
 *     {@code ["--version"]}; the agent runs the tool with them before a run and puts the first
 *     line in the {@code started} status. Empty when the tool has none: HPL and STREAM run their
 *     benchmark whatever the arguments, so they are never asked.
 * @param metrics every metric the parser can emit, each once: the catalog behind /metrics' HELP
 *     texts, the overhead's direction, the aggregate over instances and docs/metrics.md. A metric
 *     another tool emits too is the same spec (share the constant, e.g. {@code
 *     parse.support.CommonMetrics}), or {@link ParserRegistry} refuses to start.
 */
public record ToolDeclaration(String tool, List<String> versionFlags, List<MetricSpec> metrics) {

  public ToolDeclaration {
    Objects.requireNonNull(tool, "tool");
    if (tool.isBlank()) {
      throw new IllegalArgumentException("a tool declaration needs the tool's name");
    }
    versionFlags = List.copyOf(versionFlags);
    metrics = List.copyOf(metrics);
  }
}
