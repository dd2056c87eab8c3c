package io.benchtap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.StreamKey;
import org.junit.jupiter.api.Test;

class TopicTest {
  private static final String P = "benchtap/v1";

  @Test
  void outputAndStatusTopicsCarryTheStreamKey() {
    StreamKey key = new StreamKey("rspi3", "lxc", "r42", "sysbench", "3");
    assertThat(Topic.parse(P, "benchtap/v1/rspi3/lxc/r42/sysbench/3/out")).isEqualTo(new Topic.Output(key));
    assertThat(Topic.parse(P, "benchtap/v1/rspi3/lxc/r42/sysbench/3/status")).isEqualTo(new Topic.Status(key));
  }

  @Test
  void agentAndAlertTopics() {
    assertThat(Topic.parse(P, "benchtap/v1/archc7/agent")).isEqualTo(new Topic.Agent("archc7"));
    assertThat(Topic.parse(P, "benchtap/v1/alerts")).isEqualTo(new Topic.Alerts());
  }

  @Test
  void unicodeDeviceNamesAreAccepted() {
    assertThat(Topic.parse(P, "benchtap/v1/gerät-ü/native/r/sysbench/1/out")).isInstanceOf(Topic.Output.class);
  }

  @Test
  void otherShapesAreUnknownWithAReason() {
    assertThat(Topic.parse(P, "other/v1/a/b/c/d/e/out")).isEqualTo(new Topic.Unknown("prefix"));
    assertThat(Topic.parse(P, "benchtap/v1/a/b/c/d/out")).isEqualTo(new Topic.Unknown("shape"));
    assertThat(Topic.parse(P, "benchtap/v1/a/b/c/d/e/log")).isEqualTo(new Topic.Unknown("suffix"));
    assertThat(Topic.parse(P, "benchtap/v1/a//c/d/e/out")).isEqualTo(new Topic.Unknown("level"));
    assertThat(Topic.parse(P, "benchtap/v1/a\nb/n/r/t/1/out")).isEqualTo(new Topic.Unknown("level"));
    assertThat(Topic.parse(P, "benchtap/v1/" + "x".repeat(200) + "/n/r/t/1/out")).isEqualTo(new Topic.Unknown("level"));
  }
}
