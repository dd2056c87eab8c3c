package io.benchtap.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParserRegistry;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignRunnerTest {

  @Test
  void aToolThatIsNotInstalledIsSkippedWithOneLineForAllItsCellsAndCounted(@TempDir Path dir) throws Exception {
    Campaign c = Campaign.from(new JsonObject()
        .put("name", "t").put("instances", List.of(1, 2, 4)).put("repetitions", Map.of("count", 3))
        .put("tools", List.of(
            Map.of("name", "rr-tcp", "tool", "netperf", "server", "bt-no-such-netserver -D", "command", "bt-no-such-netperf -t TCP_RR",
                "headline", Map.of("metric", "round_trip_latency_seconds", "aggregate", "mean"),
                "install", "build it from https://github.com/HewlettPackard/netperf"),
            Map.of("name", "stream2", "tool", "stream", "command", "bt-no-such-stream -v 2",
                "headline", Map.of("metric", "memory_bandwidth_bytes_per_second")))), "t.yaml");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    CampaignRunner runner = new CampaignRunner(null, ParserRegistry.load(),
        new CampaignRunner.Options("dev", "t-1", dir, false, false), out, false, c);
    List<CampaignRunner.CellResult> results = runner.run(c);
    // native x1,x2,x4 + lxc over veth and macvlan x1,x2,x4 for the network tool; native and lxc/none for stream2
    assertThat(results).hasSize(9 + 6).allSatisfy(r -> assertThat(r.skipped()).isNotNull());
    assertThat(buf.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "skipped rr-tcp: 9 cell(s) skipped: bt-no-such-netperf is not installed (build it from https://github.com/HewlettPackard/netperf)",
        "skipped stream2: 6 cell(s) skipped: bt-no-such-stream is not installed");
    assertThat(CampaignRunner.skipped(results)).extracting(CampaignRunner.Skipped::cells).containsExactly(9, 6);
  }
}
