package io.benchtap.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines a campaign prints: numbers in the units people read, saying what they are. */
class ProgressTest {
  private static Campaign campaign(Map<String, Object> headline) {
    return Campaign.from(new JsonObject().put("name", "q").put("envs", List.of("native")).put("instances", List.of(2))
        .put("tools", List.of(Map.of("name", "t", "tool", "x", "command", "x", "headline", headline))), "q.yaml");
  }

  private static String cellLine(Map<String, Object> headline, int reps, List<Double> values, double rsd) {
    Campaign c = campaign(headline);
    Cell cell = Cell.matrix(c).get(0);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 1, reps)
        .cellDone(cell, reps, c.tools().get(0).headline(), values, rsd);
    return buf.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void theHeadlineIsPrintedInItsUnitAsTheSumOrMeanTheReportShows() {
    assertThat(cellLine(Map.of("metric", "flops_per_second"), 2, List.of(3.702e10, 3.71e10), 0.0015))
        .isEqualTo("t-native-host-x2: 2 repetitions, flops_per_second 37.06 GFLOP/s (sum of 2 instances, mean of 2 repetitions), "
            + "rsd 0.15 %");
    assertThat(cellLine(Map.of("metric", "total_time_seconds"), 2, List.of(0.768, 0.768), 0))
        .isEqualTo("t-native-host-x2: 2 repetitions, total_time_seconds 768 ms (mean of 2 instances, mean of 2 repetitions), rsd 0.00 %");
    assertThat(cellLine(Map.of("metric", "memory_bandwidth_bytes_per_second", "labels", Map.of("op", "triad", "mode", "single")),
        1, List.of(1.234e9), Double.NaN))
        .isEqualTo("t-native-host-x2: 1 repetition, memory_bandwidth_bytes_per_second{mode=single, op=triad} 1.23 GB/s (sum of 2 instances)");
    assertThat(cellLine(Map.of("metric", "flops_per_second"), 1, List.of(), Double.NaN))
        .isEqualTo("t-native-host-x2: 1 repetition, flops_per_second none in the output");
  }
}
