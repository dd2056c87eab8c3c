package io.benchtap.parse;

import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;
import io.benchtap.model.MetricSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every metric the registered parsers declare ({@link ToolDeclaration#metrics()}), by name: where
 * /metrics takes its HELP texts, the analysis its directions and aggregates, and docs/metrics.md
 * its table of metrics. Nothing here knows a metric by name.
 *
 * <p>A metric that no parser declares (a value read from a line-protocol file of an older
 * release) is {@link Direction#NEUTRAL}, so it gets a change but no overhead, and is averaged
 * over instances; its HELP says that no parser declares it.
 */
public final class MetricCatalog {

  private final Map<String, MetricSpec> byName;
  private final Map<String, SortedSet<String>> tools;

  private MetricCatalog(Map<String, MetricSpec> byName, Map<String, SortedSet<String>> tools) {
    this.byName = byName;
    this.tools = tools;
  }

  /**
   * The catalog of the given parsers. Throws {@link IllegalStateException} naming both tools when
   * two parsers declare one name with different specs (one name is one Prometheus family, with one
   * HELP, one unit and one way of being worse), or naming the tool when it declares a name twice.
   */
  public static MetricCatalog of(Collection<? extends ToolParser> parsers) {
    Map<String, MetricSpec> byName = new TreeMap<>();
    Map<String, SortedSet<String>> tools = new TreeMap<>();
    for (ToolParser p : parsers) {
      List<MetricSpec> declared = p.declaration().metrics();
      if (declared == null || declared.isEmpty()) {
        throw new IllegalStateException("parser for tool '" + p.tool() + "' (" + p.getClass().getName()
            + ") declares no metrics");
      }
      for (MetricSpec spec : declared) {
        SortedSet<String> by = tools.computeIfAbsent(spec.name(), k -> new TreeSet<>());
        if (!by.add(p.tool())) {
          throw new IllegalStateException("parser for tool '" + p.tool() + "' declares metric '" + spec.name() + "' twice");
        }
        MetricSpec previous = byName.putIfAbsent(spec.name(), spec);
        if (previous != null && !previous.equals(spec)) {
          throw new IllegalStateException("metric '" + spec.name() + "' declared differently by tool '" + by.first()
              + "' (" + previous + ") and tool '" + p.tool() + "' (" + spec + "): one name is one metric, share its spec");
        }
      }
    }
    tools.replaceAll((k, v) -> java.util.Collections.unmodifiableSortedSet(v));
    return new MetricCatalog(java.util.Collections.unmodifiableMap(byName), java.util.Collections.unmodifiableMap(tools));
  }

  /** The catalog of the parsers on the class path, loaded once. */
  public static MetricCatalog standard() {
    return Standard.CATALOG;
  }

  private static final class Standard {
    static final MetricCatalog CATALOG = ParserRegistry.load().metrics();
  }

  /** The declaration of {@code metric}, if a parser declares it. */
  public Optional<MetricSpec> find(String metric) {
    return Optional.ofNullable(byName.get(metric));
  }

  /** Which way is worse for {@code metric}; {@link Direction#NEUTRAL} when no parser declares it. */
  public Direction direction(String metric) {
    MetricSpec s = byName.get(metric);
    return s == null ? Direction.NEUTRAL : s.direction();
  }

  /** How instances of {@code metric} are combined; {@link Aggregate#MEAN} when no parser declares it. */
  public Aggregate aggregate(String metric) {
    MetricSpec s = byName.get(metric);
    return s == null ? Aggregate.MEAN : s.aggregate();
  }

  /** The HELP text of {@code metric} on /metrics. */
  public String help(String metric) {
    MetricSpec s = byName.get(metric);
    return s == null ? "Benchmark measurement " + metric + ", declared by no parser (see docs/metrics.md)." : s.help();
  }

  /** Every declared metric, sorted by name. */
  public Collection<MetricSpec> all() {
    return byName.values();
  }

  /** The metrics {@code tool} declares, sorted by name; empty for a tool no parser registers. */
  public SortedSet<String> metricsOf(String tool) {
    SortedSet<String> out = new TreeSet<>();
    tools.forEach((metric, by) -> {
      if (by.contains(tool)) {
        out.add(metric);
      }
    });
    return out;
  }

  /** The tools that declare {@code metric}, sorted; empty when none does. */
  public SortedSet<String> tools(String metric) {
    return tools.getOrDefault(metric, java.util.Collections.emptySortedSet());
  }
}
