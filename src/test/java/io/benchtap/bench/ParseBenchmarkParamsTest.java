package io.benchtap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.FixtureSamples;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The JMH benchmark covers every shipped parser (its tool list is a compile-time constant). */
class ParseBenchmarkParamsTest {

  @Test
  void toolParameterListsEveryRegisteredTool() throws NoSuchFieldException {
    String[] tools = ParseBenchmark.class.getField("tool").getAnnotation(Param.class).value();
    assertThat(tools).containsExactlyInAnyOrderElementsOf(FixtureSamples.shipped().tools());
  }
}
