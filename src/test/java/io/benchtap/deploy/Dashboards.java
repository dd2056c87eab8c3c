package io.benchtap.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the generated Grafana dashboards and the Prometheus alerting rules of the repository and
 * finds every query in them, for {@code DashboardJsonTest} (static checks) and
 * {@code DashboardQueriesIT} (every PromQL expression against a real Prometheus).
 */
public final class Dashboards {
  public static final Path DASHBOARDS = Path.of("grafana/dashboards");
  public static final Path RULES = Path.of("prometheus/rules");
  public static final String PROMETHEUS_UID = "benchtap-prometheus";
  public static final String INFLUX_UID = "benchtap-influxdb";

  /** Where a query was found. */
  public enum Kind { PANEL, ANNOTATION, VARIABLE, RULE }

  /**
   * One query: its text as written, the datasource uid it runs on, and where it is (dashboard
   * file and panel title, annotation or variable name, or rule name).
   */
  public record Query(Kind kind, String file, String where, String datasourceUid, String text) {
    public boolean promql() {
      return PROMETHEUS_UID.equals(datasourceUid);
    }

    @Override
    public String toString() {
      return file + " / " + where + ": " + text;
    }
  }

  private Dashboards() {}

  /** grafana/dashboards/*.json, sorted. */
  public static List<Path> files() {
    try (Stream<Path> s = Files.list(DASHBOARDS)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel, panels nested in rows included. */
  public static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    addPanels(dashboard.getJsonArray("panels", new JsonArray()), out);
    return out;
  }

  private static void addPanels(JsonArray panels, List<JsonObject> out) {
    for (Object o : panels) {
      JsonObject p = (JsonObject) o;
      out.add(p);
      addPanels(p.getJsonArray("panels", new JsonArray()), out);
    }
  }

  public static List<JsonObject> variables(JsonObject dashboard) {
    return objects(dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray()));
  }

  public static List<JsonObject> annotations(JsonObject dashboard) {
    return objects(dashboard.getJsonObject("annotations", new JsonObject()).getJsonArray("list", new JsonArray()));
  }

  public static List<JsonObject> objects(JsonArray a) {
    List<JsonObject> out = new ArrayList<>();
    a.forEach(o -> out.add((JsonObject) o));
    return out;
  }

  static String uid(Object datasource) {
    return datasource instanceof JsonObject ds ? ds.getString("uid") : null;
  }

  /** Panel target text: PromQL {@code expr}, or Flux/InfluxQL {@code query}. */
  public static String targetText(JsonObject target) {
    String expr = target.getString("expr");
    return expr != null ? expr : target.getString("query");
  }

  /** Variable query text (a string, or an object with a query field). */
  public static String variableText(JsonObject variable) {
    Object q = variable.getValue("query");
    if (q instanceof JsonObject o) {
      return o.getString("query");
    }
    return q == null ? variable.getString("definition") : q.toString();
  }

  /** Every query of one dashboard: panel targets, annotations, query variables. */
  public static List<Query> queries(Path file) {
    JsonObject d = read(file);
    String name = file.getFileName().toString();
    List<Query> out = new ArrayList<>();
    for (JsonObject p : panels(d)) {
      for (JsonObject t : objects(p.getJsonArray("targets", new JsonArray()))) {
        String ds = uid(t.getValue("datasource"));
        out.add(new Query(Kind.PANEL, name, "panel " + p.getInteger("id") + " \"" + p.getString("title") + "\" "
            + t.getString("refId"), ds != null ? ds : uid(p.getValue("datasource")), targetText(t)));
      }
    }
    for (JsonObject a : annotations(d)) {
      out.add(new Query(Kind.ANNOTATION, name, "annotation \"" + a.getString("name") + "\"", uid(a.getValue("datasource")),
          a.getString("expr", a.getJsonObject("target", new JsonObject()).getString("expr"))));
    }
    for (JsonObject v : variables(d)) {
      if ("query".equals(v.getString("type"))) {
        out.add(new Query(Kind.VARIABLE, name, "variable $" + v.getString("name"), uid(v.getValue("datasource")),
            variableText(v)));
      }
    }
    return out;
  }

  /** Every query of every dashboard. */
  public static List<Query> allDashboardQueries() {
    return files().stream().flatMap(f -> queries(f).stream()).toList();
  }

  /** prometheus/rules/*.yml (not the tests below it), sorted. */
  public static List<Path> ruleFiles() {
    try (Stream<Path> s = Files.list(RULES)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a YAML file with SnakeYAML. */
  public static Map<String, Object> yaml(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, Object> m = new Yaml().load(in);
      return m == null ? Map.of() : m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of every rule file: alert (or record) name and expression, as raw maps. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> rules() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path f : ruleFiles()) {
      for (Map<String, Object> g : (List<Map<String, Object>>) yaml(f).getOrDefault("groups", List.of())) {
        out.addAll((List<Map<String, Object>>) g.getOrDefault("rules", List.of()));
      }
    }
    return out;
  }

  public static List<Query> ruleQueries() {
    List<Query> out = new ArrayList<>();
    for (Map<String, Object> r : rules()) {
      String name = String.valueOf(r.getOrDefault("alert", r.get("record")));
      out.add(new Query(Kind.RULE, "prometheus/rules", "rule " + name, PROMETHEUS_UID, String.valueOf(r.get("expr")).trim()));
    }
    return out;
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[\\w]+)?\\}|\\[\\[(\\w+)(?::\\w+)?\\]\\]|\\$(\\w+)");

  /** Names of the template variables a query refers to ({@code $x}, {@code ${x}}, {@code ${x:fmt}}, {@code [[x]]}). */
  public static Set<String> variablesUsed(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return out;
    }
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  /**
   * The expression as Prometheus can run it: Grafana's interval variables become fixed ranges,
   * template variables the regex {@code .*} (every variable is used as {@code label=~"$x"}).
   */
  public static String substitute(String promql) {
    String s = promql.replace("$__rate_interval", "1m").replace("${__rate_interval}", "1m")
        .replace("$__interval", "1m").replace("${__interval}", "1m")
        .replace("$__range", "5m").replace("${__range}", "5m");
    return VARIABLE.matcher(s).replaceAll(".*");
  }

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern METRIC = Pattern.compile("\\b(benchtap_[a-z0-9_]+|jvm_[a-z0-9_]+|process_[a-z0-9_]+|up)\\b");

  /**
   * Metric names a PromQL expression refers to: identifiers of benchtap's own series and of the
   * JVM/process binders, and {@code up}; label values in quotes are not names.
   */
  public static Set<String> metricNames(String promql) {
    String noStrings = STRING.matcher(promql).replaceAll("\"\"");
    // Label names inside {...} and by/without/on/ignoring (...) lists are not metric names; ours never
    // start with benchtap_, but `up` could only be a label in such a list: drop the lists.
    noStrings = noStrings.replaceAll("\\{[^}]*\\}", "{}")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "$1()");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(noStrings);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$", Pattern.DOTALL);

  /**
   * A PromQL expression that has data exactly when Grafana's {@code label_values(selector, label)}
   * variable query has values: {@code count by (label) (selector)}. Null for other variable queries.
   */
  public static String labelValuesAsPromql(String variableQuery) {
    Matcher m = LABEL_VALUES.matcher(variableQuery);
    return m.matches() ? "count by (" + m.group(2) + ") (" + m.group(1).trim() + ")" : null;
  }
}
