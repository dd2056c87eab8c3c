package io.benchtap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.deploy.Dashboards;
import io.benchtap.deploy.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in prometheus/rules/ pass {@code promtool check rules}, their unit tests in
 * prometheus/rules/tests/ pass {@code promtool test rules}, the compose stack's
 * prometheus/prometheus.yml passes {@code promtool check config} (which loads the rules through
 * its rule_files), and every alert is complete and tested both firing and not firing.
 */
class PromtoolRulesTest {
  static final List<String> REQUIRED_ALERTS = List.of("ContainerOverheadHigh", "SignificantRegression", "AgentOffline",
      "RunStalled", "BenchmarkRunFailed", "PipelineRejectingInput", "PipelineUnparsedLines", "SinkFailing",
      "MqttDisconnected");

  @Test
  void promtoolCheckRules() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    Dashboards.ruleFiles().forEach(p -> args.add(p.toString()));
    assertThat(Dashboards.ruleFiles()).isNotEmpty();
    Promtool.Result r = Promtool.run(args);
    assertThat(r.exitCode()).as("promtool check rules failed:\n%s", r.output()).isZero();
  }

  @Test
  void promtoolTestRules() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    testFiles().forEach(p -> args.add(p.toString()));
    assertThat(testFiles()).isNotEmpty();
    Promtool.Result r = Promtool.run(args);
    assertThat(r.exitCode()).as("promtool test rules failed:\n%s", r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void promtoolCheckConfigOfTheComposePrometheus() throws Exception {
    Promtool.Result r = Promtool.run(List.of("check", "config", "prometheus/prometheus.yml"));
    assertThat(r.exitCode()).as("promtool check config prometheus/prometheus.yml failed:\n%s", r.output()).isZero();
    // rule_files must reach the rules (relative to the config), or Prometheus would load none.
    assertThat(r.output()).as(r.output()).matches("(?s).*SUCCESS: [1-9][0-9]* rule files found.*")
        .contains("Checking prometheus/rules/");
  }

  @Test
  void theRequiredAlertsExistEachWithForSeverityAndAnnotationsUsingLabels() {
    List<Map<String, Object>> rules = Dashboards.rules();
    List<String> alerts = rules.stream().filter(r -> r.containsKey("alert")).map(r -> (String) r.get("alert")).toList();
    assertThat(alerts).containsAll(REQUIRED_ALERTS).doesNotHaveDuplicates();
    for (Map<String, Object> r : rules) {
      if (!r.containsKey("alert")) {
        continue;
      }
      String name = (String) r.get("alert");
      assertThat(r.get("for")).as("%s: for:", name).isNotNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> labels = (Map<String, Object>) r.getOrDefault("labels", Map.of());
      assertThat(labels.get("severity")).as("%s: severity label", name).isIn("info", "warning", "critical");
      @SuppressWarnings("unchecked")
      Map<String, Object> ann = (Map<String, Object>) r.getOrDefault("annotations", Map.of());
      assertThat((String) ann.get("summary")).as("%s: summary", name).isNotBlank();
      assertThat((String) ann.get("description")).as("%s: description", name).isNotBlank();
      assertThat(ann.get("summary") + " " + ann.get("description")).as("%s: annotations use labels", name)
          .contains("{{ $labels.");
    }
  }

  /** Each alert has a unit test where it fires (non-empty exp_alerts) and one where it does not. */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertIsTestedFiringAndNotFiring() {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (Path f : testFiles()) {
      for (Map<String, Object> t : (List<Map<String, Object>>) Dashboards.yaml(f).getOrDefault("tests", List.of())) {
        for (Map<String, Object> a : (List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())) {
          List<Object> exp = (List<Object>) a.get("exp_alerts");
          (exp == null || exp.isEmpty() ? quiet : firing).add((String) a.get("alertname"));
        }
      }
    }
    List<String> alerts = Dashboards.rules().stream().filter(r -> r.containsKey("alert")).map(r -> (String) r.get("alert"))
        .toList();
    assertThat(alerts).as("alerts without a firing test").allSatisfy(a -> assertThat(firing).contains(a));
    assertThat(alerts).as("alerts without a not-firing test").allSatisfy(a -> assertThat(quiet).contains(a));
  }

  static List<Path> testFiles() {
    try (Stream<Path> s = Files.list(Dashboards.RULES.resolve("tests"))) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
