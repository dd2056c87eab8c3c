package io.benchtap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchtap.serve.BenchtapConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  private static BenchtapConfig load(Vertx vertx, Path file, Map<String, String> flags, Map<String, String> env) throws Exception {
    try {
      return BenchtapConfig.from(ConfigLoader.load(vertx, file, flags, env).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void defaultsNeedNoFileAndUseTheEmbeddedBroker(Vertx vertx) throws Exception {
    BenchtapConfig c = load(vertx, null, Map.of(), Map.of());
    assertThat(c.mqtt().host()).isNull();
    assertThat(c.broker().enabled(false)).isTrue();
    assertThat(c.broker().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(9470);
    assertThat(c.mqtt().cleanSession()).isFalse();
    assertThat(c.mqtt().qos()).isEqualTo(1);
    assertThat(c.mqtt().clientId()).startsWith("benchtap-");
    assertThat(c.influx().enabled()).isFalse();
    assertThat(c.file().enabled(false)).isTrue();
  }

  @Test
  void fileThenEnvironmentThenFlagsTakePrecedence(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("benchtap.yaml");
    Files.writeString(file, "mqtt:\n  host: broker.example\n  port: 1884\nhttp:\n  port: 1111\npipeline:\n  workers: 3\n");
    BenchtapConfig c = load(vertx, file,
        Map.of("http.port", "3333"),
        Map.of("BENCHTAP_HTTP_PORT", "2222", "BENCHTAP_MQTT_PORT", "1885", "BENCHTAP_MQTT_CLIENT_ID", "bt-1"));
    assertThat(c.mqtt().host()).isEqualTo("broker.example");
    assertThat(c.mqtt().port()).isEqualTo(1885);
    assertThat(c.mqtt().clientId()).isEqualTo("bt-1");
    assertThat(c.http().port()).isEqualTo(3333);
    assertThat(c.pipeline().workers()).isEqualTo(3);
    assertThat(c.broker().enabled(c.mqtt().host() != null)).isFalse();
  }

  @Test
  void mqttPortIsTheEmbeddedBrokersPortWhenNoHostIsSet(Vertx vertx) throws Exception {
    BenchtapConfig c = load(vertx, null, Map.of("mqtt.port", "28831"), Map.of());
    assertThat(c.broker().port()).isEqualTo(28831);
    assertThat(c.mqtt().towards(c.broker()).port()).isEqualTo(28831);
    // With a broker of its own, mqtt.port is that broker's and the embedded one keeps broker.port.
    BenchtapConfig external = load(vertx, null, Map.of("mqtt.host", "broker.lan", "mqtt.port", "28831",
        "broker.embedded", "true", "broker.port", "28832"), Map.of());
    assertThat(external.mqtt().port()).isEqualTo(28831);
    assertThat(external.broker().port()).isEqualTo(28832);
    assertThat(load(vertx, null, Map.of("mqtt.port", "28833", "broker.port", "28833"), Map.of()).broker().port()).isEqualTo(28833);
  }

  @Test
  void mqttPortAndBrokerPortThatDisagreeAreRefusedNamingBoth(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, null, Map.of("mqtt.port", "28831"), Map.of("BENCHTAP_BROKER_PORT", "28832")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mqtt.port: expected the same port as broker.port (28832)")
        .hasMessageContaining("--mqtt-host");
  }

  @Test
  void jsonFilesAreReadToo(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("benchtap.json");
    Files.writeString(file, "{\"influx\":{\"url\":\"http://127.0.0.1:8086\",\"bucket\":\"b1\"}}");
    BenchtapConfig c = load(vertx, file, Map.of(), Map.of());
    assertThat(c.influx().enabled()).isTrue();
    assertThat(c.influx().bucket()).isEqualTo("b1");
    assertThat(c.file().enabled(true)).isFalse();
  }

  @Test
  void badValueNamesTheKeyAndWhatWasExpected(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, null, Map.of("mqtt.port", "abc"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: mqtt.port: expected an integer 1..65535, got \"abc\"");
    assertThatThrownBy(() -> load(vertx, null, Map.of(), Map.of("BENCHTAP_PIPELINE_WORKERS", "-1")))
        .hasMessageContaining("pipeline.workers: expected an integer 0..64");
    assertThatThrownBy(() -> load(vertx, null, Map.of("file.enabled", "maybe"), Map.of()))
        .hasMessage("config: file.enabled: expected one of [auto, false, true], got \"maybe\"");
  }

  @Test
  void unknownKeysAreRejectedWithTheKnownOnes(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "mqtt:\n  hots: x\n");
    assertThatThrownBy(() -> load(vertx, file, Map.of(), Map.of()))
        .hasMessage("config: unknown key 'mqtt.hots'; did you mean 'mqtt.host'?");
    assertThatThrownBy(() -> load(vertx, null, Map.of("http.tokenFle", "t"), Map.of()))
        .hasMessage("config: unknown key 'http.tokenFle' (from --set); did you mean 'http.tokenFile'?");
    assertThatThrownBy(() -> load(vertx, null, Map.of("mqtt.zzzzzzzzzz", "1"), Map.of()))
        .hasMessageStartingWith("config: unknown key 'mqtt.zzzzzzzzzz' (from --set); known keys in mqtt: host, port");
    assertThatThrownBy(() -> load(vertx, null, Map.of("nope.key", "1"), Map.of()))
        .hasMessageContaining("unknown key 'nope.key' (from --set); known sections: analysis, broker");
  }

  @Test
  void misspeltEnvironmentVariablesAreNamedWithTheNearestKnownOne() {
    assertThat(ConfigLoader.unknownEnv(Map.of("BENCHTAP_MQTT_HOTS", "x", "BENCHTAP_MQTT_USER", "u", "BENCHTAP_HTTP_PORT", "1",
        "BENCHTAP_LOG_LEVEL", "DEBUG", "BENCHTAP_IT_MQTT_PORT", "1", "BENCHTAP_ZZZZZZZZZZZZZZZ", "1", "PATH", "/bin")))
        .containsExactly(
            "environment variable BENCHTAP_MQTT_HOTS is not a benchtap setting and is ignored; did you mean BENCHTAP_MQTT_HOST?",
            "environment variable BENCHTAP_MQTT_USER is not a benchtap setting and is ignored; did you mean BENCHTAP_MQTT_USERNAME?",
            "environment variable BENCHTAP_ZZZZZZZZZZZZZZZ is not a benchtap setting and is ignored (docs/configuration.md lists them)");
  }

  @Test
  void secretsAreNeverEchoedInErrors(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, null, Map.of("broker.password", "s3cret"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @Test
  void tokenIsReadFromAFileAndHiddenInToString(Vertx vertx, @TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "tok-123\n");
    BenchtapConfig c = load(vertx, null, Map.of("influx.url", "http://127.0.0.1:8086", "influx.tokenFile", token.toString()), Map.of());
    assertThat(c.influx().token()).isEqualTo("tok-123");
    assertThat(c.influx().toString()).doesNotContain("tok-123");
  }

  @Test
  void embeddedBrokerRefusesToListenBeyondLoopbackWithoutAuth(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, null, Map.of("broker.host", "0.0.0.0"), Map.of()))
        .hasMessageContaining("broker.host: expected a loopback address unless broker.username/password are set");
  }

  @Test
  void httpRefusesToListenBeyondLoopbackWithoutATokenInOneLineSayingWhatToDo(Vertx vertx) {
    for (String host : new String[] {"0.0.0.0", "::", "192.168.1.10", "benchtap.lan"}) {
      assertThatThrownBy(() -> load(vertx, null, Map.of("http.host", host), Map.of())).as(host)
          .isInstanceOf(ConfigException.class)
          .hasMessage("config: http.host: \"" + host + "\" is not a loopback address and http.token is unset: set http.token "
              + "(BENCHTAP_HTTP_TOKEN) or http.tokenFile, which /metrics and /api then require, or set http.host to 127.0.0.1");
    }
    assertThatThrownBy(() -> load(vertx, null, Map.of(), Map.of("BENCHTAP_HTTP_HOST", "0.0.0.0")))
        .hasMessageStartingWith("config: http.host: \"0.0.0.0\" is not a loopback address");
  }

  @Test
  void httpListensBeyondLoopbackWithATokenAndOnLoopbackWithout(Vertx vertx, @TempDir Path dir) throws Exception {
    assertThat(load(vertx, null, Map.of("http.host", "0.0.0.0", "http.token", "tok-1"), Map.of()).http().token()).isEqualTo("tok-1");
    Path token = dir.resolve("http-token");
    Files.writeString(token, "tok-2\n");
    BenchtapConfig c = load(vertx, null, Map.of(), Map.of("BENCHTAP_HTTP_HOST", "0.0.0.0", "BENCHTAP_HTTP_TOKEN_FILE", token.toString()));
    assertThat(c.http().token()).isEqualTo("tok-2");
    assertThat(c.http().toString()).doesNotContain("tok-2");
    for (String host : new String[] {"127.0.0.1", "127.0.1.1", "::1", "localhost"}) {
      assertThat(load(vertx, null, Map.of("http.host", host), Map.of()).http().token()).as(host).isNull();
    }
  }

  @Test
  void malformedFileIsOneClearLine(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "mqtt: [unclosed\n");
    assertThatThrownBy(() -> load(vertx, file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: cannot read " + file)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void environmentNamesFollowTheKeyPath() {
    assertThat(ConfigKeys.envNameOf("mqtt.tls.caFile")).isEqualTo("BENCHTAP_MQTT_TLS_CA_FILE");
    assertThat(ConfigKeys.envNameOf("pipeline.maxLineBytes")).isEqualTo("BENCHTAP_PIPELINE_MAX_LINE_BYTES");
  }
}
