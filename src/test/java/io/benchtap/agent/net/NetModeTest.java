package io.benchtap.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetModeTest {
  @Test
  void wireNamesRoundTrip() {
    for (NetMode m : NetMode.values()) {
      assertThat(NetMode.parse(m.wireName())).isEqualTo(m);
      assertThat(m.toString()).isEqualTo(m.wireName());
    }
    assertThat(NetMode.HOST.wireName()).isEqualTo("host");
    assertThat(NetMode.VETH.wireName()).isEqualTo("veth");
    assertThat(NetMode.MACVLAN.wireName()).isEqualTo("macvlan");
  }

  @Test
  void parseIsLenient() {
    assertThat(NetMode.parse(" MacVLAN ")).isEqualTo(NetMode.MACVLAN);
  }

  @Test
  void parseRejectsUnknown() {
    assertThatThrownBy(() -> NetMode.parse("bridge")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host, veth or macvlan");
    assertThatThrownBy(() -> NetMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
