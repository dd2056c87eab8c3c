package io.benchtap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.StreamKey;
import java.util.List;
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

  @Test
  void anInstanceIsANumberFrom1To4096OrHost() {
    for (String ok : List.of("1", "9", "16", "100", "4096", "host")) {
      assertThat(Topic.parse(P, "benchtap/v1/d/lxc/r/devhealth/" + ok + "/out")).as(ok).isInstanceOf(Topic.Output.class);
      assertThat(Topic.parse(P, "benchtap/v1/d/lxc/r/sysbench/" + ok + "/status")).as(ok).isInstanceOf(Topic.Status.class);
    }
  }

  @Test
  void anyOtherInstanceIsUnknownSayingWhatItMustBe() {
    for (String bad : List.of("i,n=st", "0", "01", "007", "4097", "10000", "99999999999", "-1", "1.0", " 1", "1 ", "Host",
        "HOST", "hosts", "all", "x", "\u0661", "1e3")) {
      assertThat(Topic.parse(P, "benchtap/v1/d/native/r/sysbench/" + bad + "/out")).as(bad)
          .isEqualTo(new Topic.Unknown("instance must be 1..4096 without leading zeros, or host"));
    }
  }
}
