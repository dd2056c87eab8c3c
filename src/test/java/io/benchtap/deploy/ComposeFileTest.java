package io.benchtap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml (parsed with SnakeYAML, no Docker needed): every service with its port, every
 * bind-mounted host path present in the repository, the mounts where Prometheus, Alertmanager and
 * Grafana look for their files, Grafana's anonymous viewer, InfluxDB's first-start setup, and the
 * same InfluxDB org, bucket and token wherever they are used.
 */
class ComposeFileTest {
  static final Path COMPOSE = Path.of("docker-compose.yml");
  static final Map<String, Integer> PORTS = Map.of("mosquitto", 1883, "influxdb", 8086, "prometheus", 9090,
      "alertmanager", 9093, "grafana", 3000, "benchtap", 9470);

  static Map<String, Object> compose() {
    return Dashboards.yaml(COMPOSE);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(String service) {
    Object env = service(service).get("environment");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (env instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (env instanceof List<?> l) {
      for (Object o : l) {
        String s = String.valueOf(o);
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
    }
    return out;
  }

  /** Volume entries "source:target[:mode]" of a service. */
  @SuppressWarnings("unchecked")
  static List<String[]> volumes(String service) {
    List<String[]> out = new ArrayList<>();
    for (Object v : (List<Object>) service(service).getOrDefault("volumes", List.of())) {
      out.add(String.valueOf(v).split(":"));
    }
    return out;
  }

  static boolean isBindMount(String source) {
    return source.startsWith("./") || source.startsWith("../") || source.startsWith("/") || source.equals(".");
  }

  /** Host path mounted at the container path (or a parent of it), resolved in the repository; null if none. */
  static Path hostPathOf(String service, String containerPath) {
    for (String[] v : volumes(service)) {
      if (v.length >= 2 && isBindMount(v[0]) && (containerPath.equals(v[1]) || containerPath.startsWith(v[1] + "/"))) {
        return Path.of(v[0]).resolve(containerPath.substring(v[1].length()).replaceFirst("^/", "")).normalize();
      }
    }
    return null;
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceExistsWithItsPort() {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services.keySet()).containsAll(PORTS.keySet());
    PORTS.forEach((name, port) -> {
      List<Object> ports = (List<Object>) service(name).get("ports");
      assertThat(ports).as("%s ports", name).isNotNull();
      assertThat(ports.stream().map(String::valueOf).map(p -> p.replaceAll("/(tcp|udp)$", "")).toList())
          .as("%s publishes %d", name, port).anyMatch(p -> p.equals(port + ":" + port) || p.endsWith(":" + port));
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyBindMountedHostPathExistsAndEveryNamedVolumeIsDeclared() {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    Map<String, Object> declared = (Map<String, Object>) compose().getOrDefault("volumes", Map.of());
    List<String> checked = new ArrayList<>();
    for (String name : services.keySet()) {
      for (String[] v : volumes(name)) {
        if (isBindMount(v[0])) {
          assertThat(Path.of(v[0])).as("%s mounts %s, which is not in the repository", name, v[0]).exists();
          checked.add(v[0]);
        } else {
          assertThat(declared).as("%s uses named volume %s", name, v[0]).containsKey(v[0]);
        }
      }
      Object build = ((Map<String, Object>) services.get(name)).get("build");
      if (build != null) {
        assertThat(Path.of(String.valueOf(build)).resolve("Dockerfile")).as("%s build context", name).exists();
      }
    }
    assertThat(checked).contains("./prometheus/prometheus.yml", "./prometheus/rules", "./grafana/provisioning",
        "./grafana/dashboards", "./deploy/alertmanager/alertmanager.yml");
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusFindsItsConfigAndRulesAndTalksToBenchtapAndAlertmanager() throws Exception {
    String config = flag(service("prometheus"), "--config.file");
    Path configOnHost = hostPathOf("prometheus", config);
    assertThat(configOnHost).as("--config.file %s is mounted from the repository", config).isEqualTo(Path.of("prometheus/prometheus.yml"));
    Map<String, Object> prom = Dashboards.yaml(configOnHost);
    List<String> ruleFiles = (List<String>) prom.get("rule_files");
    assertThat(ruleFiles).as("rule_files").isNotEmpty();
    String configDir = config.substring(0, config.lastIndexOf('/'));
    for (String pattern : ruleFiles) {
      String inContainer = pattern.startsWith("/") ? pattern : configDir + "/" + pattern;
      String dir = inContainer.substring(0, inContainer.lastIndexOf('/'));
      Path hostDir = hostPathOf("prometheus", dir);
      assertThat(hostDir).as("rule_files %s: %s is not mounted", pattern, dir).isNotNull();
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + inContainer.substring(dir.length() + 1));
      try (Stream<Path> s = Files.list(hostDir)) {
        assertThat(s.filter(p -> glob.matches(p.getFileName())).toList()).as("rule files %s in %s", pattern, hostDir)
            .isNotEmpty();
      }
    }
    String scraped = String.valueOf(prom.get("scrape_configs"));
    assertThat(scraped).contains("benchtap:" + PORTS.get("benchtap")).contains("honor_labels=true");
    assertThat(String.valueOf(prom.get("alerting"))).contains("alertmanager:" + PORTS.get("alertmanager"));
  }

  @Test
  void alertmanagerFindsItsConfigAndAmtoolAcceptsIt() throws Exception {
    String config = flag(service("alertmanager"), "--config.file");
    Path host = hostPathOf("alertmanager", config);
    assertThat(host).as("alertmanager --config.file %s is mounted", config).isNotNull().exists();
    Map<String, Object> am = Dashboards.yaml(host);
    assertThat(am).containsKeys("route", "receivers");
    String amtool = Path.of("/usr/bin/amtool").toFile().canExecute() ? "/usr/bin/amtool" : "amtool";
    Process p;
    try {
      p = new ProcessBuilder(amtool, "check-config", host.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("amtool not found: run bin/setup (it installs prometheus-alertmanager)", e);
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("amtool check-config %s:\n%s", host, out).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaHasAnonymousViewersProvisioningAndTheDashboards() {
    Map<String, String> env = environment("grafana");
    assertThat(env).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true").containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
    assertThat(env.get("GF_SECURITY_ADMIN_PASSWORD")).as("admin password from the environment").startsWith("${");
    assertThat(hostPathOf("grafana", "/etc/grafana/provisioning")).isEqualTo(Path.of("grafana/provisioning"));
    Map<String, Object> providers = Dashboards.yaml(Path.of("grafana/provisioning/dashboards/dashboards.yml"));
    for (Map<String, Object> p : (List<Map<String, Object>>) providers.get("providers")) {
      String path = String.valueOf(((Map<String, Object>) p.get("options")).get("path"));
      assertThat(hostPathOf("grafana", path)).as("dashboard provider path %s is mounted", path)
          .isEqualTo(Path.of("grafana/dashboards"));
    }
    // Every ${VAR} of the datasource provisioning is set in Grafana's environment.
    Set<String> vars = new TreeSet<>();
    try {
      Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(Files.readString(Path.of("grafana/provisioning/datasources/datasources.yml")));
      while (m.find()) {
        vars.add(m.group(1));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(vars).isNotEmpty();
    assertThat(env.keySet()).as("Grafana environment for datasources.yml").containsAll(vars);
  }

  @Test
  void influxdbIsSetUpOnFirstStartAndEveryoneUsesTheSameOrgBucketAndToken() {
    Map<String, String> influx = environment("influxdb");
    assertThat(influx).containsEntry("DOCKER_INFLUXDB_INIT_MODE", "setup");
    for (String k : List.of("USERNAME", "PASSWORD", "ORG", "BUCKET", "ADMIN_TOKEN")) {
      assertThat(influx.get("DOCKER_INFLUXDB_INIT_" + k)).as("DOCKER_INFLUXDB_INIT_%s", k).isNotBlank();
    }
    Map<String, String> grafana = environment("grafana");
    Map<String, String> benchtap = environment("benchtap");
    assertThat(grafana.get("INFLUXDB_ORG")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_ORG"));
    assertThat(grafana.get("INFLUXDB_BUCKET")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_BUCKET"));
    assertThat(grafana.get("INFLUXDB_TOKEN")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"));
    assertThat(benchtap.get("BENCHTAP_INFLUX_ORG")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_ORG"));
    assertThat(benchtap.get("BENCHTAP_INFLUX_BUCKET")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_BUCKET"));
    assertThat(benchtap.get("BENCHTAP_INFLUX_TOKEN")).isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"));
  }

  @Test
  void benchtapTalksToTheBrokerAndInfluxdbAndListensForPrometheus() {
    Map<String, String> env = environment("benchtap");
    assertThat(env).containsEntry("BENCHTAP_MQTT_HOST", "mosquitto")
        .containsEntry("BENCHTAP_INFLUX_URL", "http://influxdb:" + PORTS.get("influxdb"))
        .containsEntry("BENCHTAP_HTTP_HOST", "0.0.0.0");
    String datasources = String.valueOf(Dashboards.yaml(Path.of("grafana/provisioning/datasources/datasources.yml")));
    assertThat(datasources).contains("http://prometheus:" + PORTS.get("prometheus"))
        .contains("http://influxdb:" + PORTS.get("influxdb"));
  }

  /**
   * benchtap listens on 0.0.0.0 in the stack, which it refuses without a token: its environment
   * (compose defaults filled in, the token file read from the repository) is a configuration
   * that starts, and Prometheus scrapes with the same token file.
   */
  @Test
  @SuppressWarnings("unchecked")
  void benchtapListensBeyondLoopbackWithATokenThatPrometheusSends() throws Exception {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    environment("benchtap").forEach((k, v) -> env.put(k, v == null ? null : v.replaceAll("\\$\\{\\w+:-([^}]*)}", "$1")));
    String tokenFile = env.get("BENCHTAP_HTTP_TOKEN_FILE");
    assertThat(tokenFile).as("BENCHTAP_HTTP_TOKEN_FILE of benchtap").isNotBlank();
    Path tokenOnHost = hostPathOf("benchtap", tokenFile);
    assertThat(tokenOnHost).as("%s is mounted from the repository", tokenFile).isNotNull();
    assertThat(Files.readString(tokenOnHost).strip()).isNotEmpty();
    env.put("BENCHTAP_HTTP_TOKEN_FILE", tokenOnHost.toString());
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.benchtap.serve.BenchtapConfig cfg = io.benchtap.serve.BenchtapConfig.from(io.benchtap.config.ConfigLoader
          .load(vertx, null, Map.of(), env).toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS));
      assertThat(cfg.http().host()).isEqualTo("0.0.0.0");
      assertThat(cfg.http().token()).isEqualTo(Files.readString(tokenOnHost).strip());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    String config = flag(service("prometheus"), "--config.file");
    Map<String, Object> prom = Dashboards.yaml(hostPathOf("prometheus", config));
    Map<String, Object> job = ((List<Map<String, Object>>) prom.get("scrape_configs")).stream()
        .filter(j -> "benchtap".equals(j.get("job_name"))).findFirst().orElseThrow();
    String credentials = String.valueOf(((Map<String, Object>) job.get("authorization")).get("credentials_file"));
    String inContainer = credentials.startsWith("/") ? credentials : config.substring(0, config.lastIndexOf('/') + 1) + credentials;
    assertThat(hostPathOf("prometheus", inContainer)).as("Prometheus' credentials_file %s", inContainer).isEqualTo(tokenOnHost);
  }

  @SuppressWarnings("unchecked")
  static String flag(Map<String, Object> service, String name) {
    for (Object o : (List<Object>) service.getOrDefault("command", List.of())) {
      String s = String.valueOf(o);
      if (s.startsWith(name + "=")) {
        return s.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + "=... in the command of " + service);
  }
}
