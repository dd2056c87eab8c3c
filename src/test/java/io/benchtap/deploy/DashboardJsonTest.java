package io.benchtap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Aggregate;
import io.benchtap.parse.MetricCatalog;
import io.benchtap.deploy.Dashboards.Kind;
import io.benchtap.deploy.Dashboards.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static checks of the generated Grafana dashboards (grafana/dashboards/*.json): they parse,
 * panels are complete (title, description, unit) with unique ids, only provisioned datasources
 * are used, every template variable is used, every PromQL expression is valid PromQL (checked by
 * promtool), and the committed files are exactly what the generators in grafana/build/ write.
 * DashboardQueriesIT runs the expressions against a real Prometheus.
 */
class DashboardJsonTest {
  static final List<String> REQUIRED_VARIABLES = List.of("device", "env", "net", "tool", "instances", "run");
  static final List<String> DASHBOARDS = List.of("live-run.json", "overhead.json", "pipeline-health.json", "soak.json");

  @TempDir
  Path tmp;

  @Test
  void theFourDashboardsExistAndParseWithUniqueUidsAndTitles() {
    assertThat(Dashboards.files()).extracting(p -> p.getFileName().toString()).containsAll(DASHBOARDS);
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonObject d = Dashboards.read(f);
      assertThat(d.getString("uid")).as("%s uid", f).isNotBlank();
      assertThat(uids.add(d.getString("uid"))).as("%s: uid %s used twice", f, d.getString("uid")).isTrue();
      assertThat(titles.add(d.getString("title"))).as("%s: title used twice", f).isTrue();
      assertThat(Dashboards.panels(d)).as("%s panels", f).isNotEmpty();
    }
  }

  @Test
  void panelIdsAreUniqueWithinEachDashboard() {
    for (Path f : Dashboards.files()) {
      Set<Integer> ids = new HashSet<>();
      for (JsonObject p : Dashboards.panels(Dashboards.read(f))) {
        assertThat(p.getInteger("id")).as("%s: panel \"%s\" has no id", f, p.getString("title")).isNotNull();
        assertThat(ids.add(p.getInteger("id"))).as("%s: panel id %s used twice", f, p.getInteger("id")).isTrue();
      }
    }
  }

  @Test
  void everyPanelHasTitleDescriptionUnitAndQueries() {
    List<String> problems = new ArrayList<>();
    for (Path f : Dashboards.files()) {
      for (JsonObject p : Dashboards.panels(Dashboards.read(f))) {
        String where = f.getFileName() + " panel " + p.getInteger("id") + " \"" + p.getString("title") + "\"";
        if (isBlank(p.getString("title"))) {
          problems.add(where + ": no title");
        }
        if (isBlank(p.getString("description"))) {
          problems.add(where + ": no description");
        }
        String unit = p.getJsonObject("fieldConfig", new JsonObject()).getJsonObject("defaults", new JsonObject())
            .getString("unit");
        if (isBlank(unit)) {
          problems.add(where + ": no fieldConfig.defaults.unit");
        }
        if (!"row".equals(p.getString("type")) && p.getJsonArray("targets", new JsonArray()).isEmpty()) {
          problems.add(where + ": no query");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDatasourceUidIsProvisioned() {
    Set<String> provisioned = provisionedUids();
    assertThat(provisioned).contains(Dashboards.PROMETHEUS_UID, Dashboards.INFLUX_UID);
    for (Path f : Dashboards.files()) {
      List<Object> found = new ArrayList<>();
      collectDatasources(Dashboards.read(f), found);
      assertThat(found).as("%s uses datasources", f).isNotEmpty();
      for (Object ds : found) {
        assertThat(ds).as("%s: datasource by name instead of {type, uid}: %s", f, ds).isInstanceOf(JsonObject.class);
        assertThat(((JsonObject) ds).getString("uid")).as("%s: datasource %s is not provisioned (%s)", f, ds, provisioned)
            .isIn(provisioned);
      }
    }
  }

  @Test
  void everyDashboardHasTheTemplateVariablesAndUsesEachInAPanelQuery() {
    for (Path f : Dashboards.files()) {
      JsonObject d = Dashboards.read(f);
      List<String> names = Dashboards.variables(d).stream().map(v -> v.getString("name")).toList();
      assertThat(names).as("%s variables", f).containsAll(REQUIRED_VARIABLES);
      Set<String> used = new HashSet<>();
      for (Query q : Dashboards.queries(f)) {
        if (q.kind() == Kind.PANEL) {
          used.addAll(Dashboards.variablesUsed(q.text()));
        }
      }
      assertThat(names).as("%s: variables not used in any panel query", f).allSatisfy(n -> assertThat(used).contains(n));
      for (JsonObject v : Dashboards.variables(d)) {
        String text = Dashboards.variableText(v);
        if (v.getString("name").equals("run")) {
          assertThat(Dashboards.uid(v.getValue("datasource"))).as("%s $run datasource", f).isEqualTo(Dashboards.INFLUX_UID);
          assertThat(text).as("%s $run: a Flux tag-values query", f).contains("schema.tagValues(").contains("tag: \"run\"");
        } else {
          assertThat(Dashboards.uid(v.getValue("datasource"))).as("%s $%s datasource", f, v.getString("name"))
              .isEqualTo(Dashboards.PROMETHEUS_UID);
          assertThat(Dashboards.labelValuesAsPromql(text)).as("%s $%s: label_values(...) query: %s", f, v.getString("name"), text)
              .isNotNull();
        }
      }
    }
  }

  @Test
  void everyTargetHasItsQueryText() {
    for (Query q : Dashboards.allDashboardQueries()) {
      assertThat(q.datasourceUid()).as("%s: datasource", q).isNotNull();
      assertThat(q.text()).as("%s: no %s", q, q.promql() ? "expr" : "query").isNotBlank();
    }
    for (Path f : Dashboards.files()) {
      for (JsonObject p : Dashboards.panels(Dashboards.read(f))) {
        for (JsonObject t : Dashboards.objects(p.getJsonArray("targets", new JsonArray()))) {
          JsonObject ds = t.getJsonObject("datasource", p.getJsonObject("datasource"));
          if (Dashboards.PROMETHEUS_UID.equals(ds.getString("uid"))) {
            assertThat(t.getString("expr")).as("%s panel %s: PromQL target without expr", f, p.getString("title")).isNotBlank();
          }
          assertThat(t.getString("refId")).as("%s panel %s: refId", f, p.getString("title")).isNotBlank();
        }
      }
    }
  }

  /**
   * A panel of final benchmark values combines a run's parallel instances the way the analysis does
   * (the {@link Aggregate} its parser declares): rates are summed (iperf3's aggregate throughput, as in the paper's Figs
   * 7-10), times and latencies averaged, so a dashboard never shows a quantity other than the one
   * report and /api/overhead compare.
   */
  @Test
  void finalValuesAreCombinedOverInstancesWithTheMetricsAggregate() {
    java.util.regex.Pattern inner = java.util.regex.Pattern.compile(
        "(sum|avg) by \\([^)]*\\) \\((?:label_join\\()*benchtap_([a-z0-9_]+)\\{[^}]*phase=\"final\"");
    int checked = 0;
    for (Query q : Dashboards.allDashboardQueries().stream().filter(Query::promql).toList()) {
      java.util.regex.Matcher m = inner.matcher(q.text());
      while (m.find()) {
        String expected = MetricCatalog.standard().aggregate(m.group(2)) == Aggregate.SUM ? "sum" : "avg";
        assertThat(m.group(1)).as("%s: %s over a run's instances", q, m.group(2)).isEqualTo(expected);
        checked++;
      }
    }
    assertThat(checked).as("final-value panels checked").isGreaterThanOrEqualTo(10);
  }

  /** Every PromQL expression (variables substituted) goes through promtool's parser as a recording rule. */
  @Test
  void everyPromqlExpressionParses() throws Exception {
    List<Query> promql = Dashboards.allDashboardQueries().stream().filter(Query::promql).toList();
    assertThat(promql).hasSizeGreaterThan(50);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-expressions\n    rules:\n");
    int n = 0;
    for (Query q : promql) {
      String expr = q.kind() == Kind.VARIABLE ? Dashboards.labelValuesAsPromql(q.text()) : q.text();
      rules.append("      # ").append(q.file()).append(" / ").append(q.where().replace('\n', ' ')).append('\n')
          .append("      - record: dashboard_expression_").append(++n).append('\n')
          .append("        expr: '").append(Dashboards.substitute(expr).replace("'", "''").replace("\n", " ")).append("'\n");
    }
    Path file = tmp.resolve("dashboard-expressions.yml");
    Files.writeString(file, rules);
    Promtool.Result r = Promtool.run(List.of("check", "rules", file.toString()));
    assertThat(r.exitCode()).as("promtool check rules on every dashboard expression:\n%s\n%s", r.output(), rules).isZero();
  }

  /** grafana/build/build_all.py writes exactly the committed files: edit the scripts, not the JSON. */
  @Test
  void committedDashboardsAreWhatTheGeneratorsWrite() throws Exception {
    Path out = tmp.resolve("generated");
    Process p = new ProcessBuilder("python3", "-B", "grafana/build/build_all.py", out.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python3 grafana/build/build_all.py: %s", output).isZero();
    Set<String> generated = names(out);
    assertThat(names(Dashboards.DASHBOARDS)).as("dashboards without a generator in grafana/build/")
        .isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(Dashboards.DASHBOARDS.resolve(name)))
          .as("grafana/dashboards/%s differs from what grafana/build/ writes: run python3 grafana/build/build_all.py", name)
          .isEqualTo(Files.readString(out.resolve(name)));
    }
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @SuppressWarnings("unchecked")
  static Set<String> provisionedUids() {
    Map<String, Object> y = Dashboards.yaml(Path.of("grafana/provisioning/datasources/datasources.yml"));
    Set<String> out = new LinkedHashSet<>();
    for (Map<String, Object> ds : (List<Map<String, Object>>) y.get("datasources")) {
      out.add(String.valueOf(ds.get("uid")));
    }
    return out;
  }

  /** Every value of a "datasource" key anywhere in the dashboard. */
  private static void collectDatasources(Object node, List<Object> out) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (e.getKey().equals("datasource") && e.getValue() != null) {
          out.add(e.getValue());
        } else {
          collectDatasources(e.getValue(), out);
        }
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(x -> collectDatasources(x, out));
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
