package io.benchtap.parse.devhealth;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.pipeline.Outcome;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.pipeline.PipelineObserver;
import io.benchtap.pipeline.StreamProcessor;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.prometheus.LiveSeries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Device-health lines take the ordinary path: MQTT topic, stream processor, normalizer,
 * Prometheus and InfluxDB line protocol, with instance {@code host} or a container number.
 */
class DevHealthPipelineTest {

  private static final Instant T0 = Instant.parse("2026-11-26T03:05:46Z");
  private final List<String> unparsed = new ArrayList<>();
  private final StreamProcessor processor = new StreamProcessor(ParserRegistry.load(),
      PipelineConfig.defaults(), "benchtap/v1", new PipelineObserver() {
        @Override
        public void unparsed(StreamKey key, String line, String reason) {
          unparsed.add(reason);
        }
      });

  private static Path fixture(String name) {
    return DevHealthParserTest.fixtures("devhealth").stream()
        .filter(f -> f.getFileName().toString().equals(name + ".txt")).findFirst().orElseThrow();
  }

  private List<Measurement> publish(String topic, String fixture) throws IOException {
    Outcome o = processor.process(topic, Files.readAllBytes(fixture(fixture)), T0);
    return o.measurements();
  }

  @Test
  void hostAndContainerStreamsBecomeMeasurementsAndSeries() throws IOException {
    List<Measurement> host = publish("benchtap/v1/vm1/native/soak1/devhealth/host/out",
        "devhealth_host_x86_vm");
    List<Measurement> container = publish("benchtap/v1/vm1/lxc/soak1/devhealth/1/out",
        "devhealth_container_cgroup1_x86_vm");
    List<Measurement> pi = publish("benchtap/v1/rspi4/native/soak1/devhealth/host/out",
        "devhealth_rpi4_public_tree");
    assertThat(unparsed).isEmpty();
    assertThat(host).hasSize(71).allSatisfy(m -> {
      assertThat(m.tool()).isEqualTo("devhealth");
      assertThat(m.benchmark()).isEqualTo("health");
      assertThat(m.instance()).isEqualTo("host");
      assertThat(m.phase()).isEqualTo(Phase.INTERVAL);
    });
    assertThat(container).hasSize(8).allSatisfy(m -> assertThat(m.instance()).isEqualTo("1"));

    LiveSeries live = new LiveSeries(Duration.ofMinutes(15), System::nanoTime);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(live);
    live.update(host);
    live.update(container);
    live.update(pi);
    // netperf's cpu_utilization_ratio has a side label: both share one metric family
    live.update(List.of(new Measurement(T0, "vm1", "native", "host", "r1", "netperf", "tcp_stream",
        "1", "cpu_utilization_ratio", 0.25, "ratio", Phase.FINAL, Map.of("side", "local"),
        TimeSource.ARRIVAL)));
    String text = registry.scrape();
    assertThat(text).contains("# TYPE benchtap_network_receive_bytes_total counter",
        "# TYPE benchtap_container_cpu_seconds_total counter",
        "# TYPE benchtap_temperature_celsius gauge", "# TYPE benchtap_load_average gauge",
        "benchtap_temperature_celsius{benchmark=\"health\",device=\"rspi4\",env=\"native\","
            + "instance=\"host\",net=\"unknown\",phase=\"interval\",tool=\"devhealth\","
            + "zone=\"thermal_zone0\"} 74.01",
        "benchtap_throttled_flags{benchmark=\"health\",device=\"rspi4\"",
        "interface=\"eth0\"", "window=\"15m\"", "side=\"local\"");
    assertThat(text).doesNotContain("soak1");

    String line = LineProtocol.point(pi.get(0)).toLineProtocol();
    assertThat(line).startsWith("devhealth,").contains("zone=thermal_zone0", "run=soak1",
        "instance=host", "temperature_celsius=74.01");
  }

  @Test
  void refusedLinesAreCountedAndTheStreamGoesOn() throws IOException {
    List<Measurement> ms = publish("benchtap/v1/vm1/native/soak1/devhealth/host/out",
        "devhealth_host_x86_vm_garbage");
    assertThat(ms).hasSize(23);
    assertThat(unparsed).hasSize(10);
    byte[] next = "load_average 0.5 window=1m\n".getBytes(StandardCharsets.UTF_8);
    assertThat(processor.process("benchtap/v1/vm1/native/soak1/devhealth/host/out", next, T0)
        .measurements()).hasSize(1);
  }
}
