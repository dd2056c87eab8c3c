package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
  private static Cfg workers(Object v) {
    return new Cfg(new JsonObject().put("pipeline", new JsonObject().put("workers", v)));
  }

  @Test
  void autoParsesInlineOnOneOrTwoCpusAndOnTwoWorkersOnLargerMachines() {
    for (Cfg c : new Cfg[] {new Cfg(null), workers("auto"), workers(" auto ")}) {
      assertThat(PipelineConfig.workers(c, 1)).isZero();
      assertThat(PipelineConfig.workers(c, 2)).isZero();
      assertThat(PipelineConfig.workers(c, 3)).isEqualTo(2);
      assertThat(PipelineConfig.workers(c, 64)).isEqualTo(2);
    }
  }

  @Test
  void aNumberIsTakenAsItIsAndAnythingElseIsRefused() {
    assertThat(PipelineConfig.workers(workers(3), 2)).isEqualTo(3);
    assertThat(PipelineConfig.workers(workers("0"), 64)).isZero();
    assertThatThrownBy(() -> PipelineConfig.workers(workers("many"), 2)).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> PipelineConfig.workers(workers(65), 2)).isInstanceOf(ConfigException.class);
  }
}
