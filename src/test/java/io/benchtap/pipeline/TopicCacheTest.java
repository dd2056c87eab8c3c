package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.contract.Topic;
import org.junit.jupiter.api.Test;

class TopicCacheTest {
  private final TopicCache cache = new TopicCache("benchtap/v1");

  @Test
  void eachKindOfTopicIsNamedForTheSelfMetrics() {
    assertThat(TopicCache.kind(cache.parse("benchtap/v1/d/native/r/sysbench/1/out"))).isEqualTo("out");
    assertThat(TopicCache.kind(cache.parse("benchtap/v1/d/native/r/sysbench/1/status"))).isEqualTo("status");
    assertThat(TopicCache.kind(cache.parse("benchtap/v1/d/agent"))).isEqualTo("agent");
    assertThat(TopicCache.kind(cache.parse("benchtap/v1/alerts"))).isEqualTo("alerts");
    assertThat(TopicCache.kind(cache.parse("benchtap/v1/too/short/out"))).isEqualTo("unknown");
  }

  @Test
  void theCacheIsBoundedAndATopicDecodesAsBeforeAfterItWasCleared() {
    String topic = "benchtap/v1/d/native/r/sysbench/1/out";
    Topic first = cache.parse(topic);
    assertThat(cache.parse(topic)).as("from the cache").isSameAs(first);
    for (int i = 0; i < TopicCache.SIZE + 10; i++) {
      assertThat(cache.parse("benchtap/v1/d" + i + "/native/r/sysbench/1/out")).isInstanceOf(Topic.Output.class);
      assertThat(cache.size()).isLessThanOrEqualTo(TopicCache.SIZE);
    }
    assertThat(cache.parse(topic)).isEqualTo(first);
  }
}
