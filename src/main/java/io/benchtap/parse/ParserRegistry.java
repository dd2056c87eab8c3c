package io.benchtap.parse;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The parsers found through {@link ServiceLoader}, loaded once into an immutable map, with the
 * catalog of the metrics they declare. A tool name registered twice, or one metric declared
 * differently by two parsers, fails at start, naming both.
 */
public final class ParserRegistry {

  private final Map<String, ToolParser> byTool;
  private final MetricCatalog metrics;

  private ParserRegistry(Map<String, ToolParser> byTool) {
    this.byTool = Map.copyOf(byTool);
    this.metrics = MetricCatalog.of(new TreeMap<>(byTool).values());
  }

  /** Loads every parser on the class path. */
  public static ParserRegistry load() {
    return of(ServiceLoader.load(ToolParser.class, ParserRegistry.class.getClassLoader())
        .stream().map(ServiceLoader.Provider::get).toList());
  }

  /**
   * A registry of the given parsers; throws {@link IllegalStateException} on a duplicate tool or
   * conflicting metric declarations ({@link MetricCatalog#of}).
   */
  public static ParserRegistry of(Collection<? extends ToolParser> parsers) {
    Map<String, ToolParser> map = new TreeMap<>();
    for (ToolParser p : parsers) {
      ToolParser previous = map.putIfAbsent(p.tool(), p);
      if (previous != null) {
        throw new IllegalStateException("parser for tool '" + p.tool() + "' registered twice: "
            + previous.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return new ParserRegistry(map);
  }

  /** The metrics the parsers declare. */
  public MetricCatalog metrics() {
    return metrics;
  }

  public Optional<ToolParser> find(String tool) {
    return Optional.ofNullable(byTool.get(tool));
  }

  /** Tool names, sorted. */
  public List<String> tools() {
    return List.copyOf(new TreeMap<>(byTool).keySet());
  }

  /**
   * The parser most confident that these first lines are its tool's output, if any scores above
   * zero. Ties go to the alphabetically first tool so the answer is stable.
   */
  public Optional<ToolParser> detect(List<String> head) {
    ToolParser best = null;
    int bestScore = 0;
    for (ToolParser p : new TreeMap<>(byTool).values()) {
      int score;
      try {
        score = p.detect(head);
      } catch (RuntimeException e) {
        score = 0;
      }
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Every parser to run on an output whose first lines are {@code head}: the one {@link #detect}
   * picks, followed by the other parsers that {@linkplain ToolParser#alsoParses also parse} it (an
   * output holding several tools' results, such as HPC Challenge's HPL and STREAM sections), in
   * tool order. Empty when no parser recognises the output.
   */
  public List<ToolParser> detectAll(List<String> head) {
    Optional<ToolParser> best = detect(head);
    if (best.isEmpty()) {
      return List.of();
    }
    List<ToolParser> all = new java.util.ArrayList<>();
    all.add(best.get());
    for (ToolParser p : new TreeMap<>(byTool).values()) {
      if (p != best.get() && alsoParses(p, head)) {
        all.add(p);
      }
    }
    return List.copyOf(all);
  }

  private static boolean alsoParses(ToolParser p, List<String> head) {
    try {
      return p.alsoParses(head);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
