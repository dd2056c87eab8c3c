package io.benchtap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PayloadTest {

  private static Payload decode(String s) throws Payload.Rejected {
    return Payload.decode(s.getBytes(StandardCharsets.UTF_8), 100, n -> { });
  }

  @Test
  void plainLinesWithOrWithoutTrailingNewline() throws Exception {
    assertThat(decode("a\nb\n").lines()).containsExactly("a", "b");
    assertThat(decode("a\r\nb").lines()).containsExactly("a", "b");
    assertThat(decode("single").lines()).containsExactly("single");
    assertThat(decode("a\n\nb").lines()).containsExactly("a", "", "b");
    assertThat(decode("").lines()).isEmpty();
    assertThat(decode("x").seq()).isEmpty();
    assertThat(decode("x").deviceTime()).isNull();
  }

  @Test
  void agentHeaderGivesSequenceAndDeviceTime() throws Exception {
    Payload p = decode("@benchtap seq=17 t=1764124800.250\nline 1\nline 2\n");
    assertThat(p.seq()).hasValue(17);
    assertThat(p.deviceTime()).isEqualTo(Instant.ofEpochSecond(1764124800L, 250_000_000));
    assertThat(p.lines()).containsExactly("line 1", "line 2");
  }

  @Test
  void headerFieldsMaySitBetweenAnyWhitespaceAndUnknownFieldsAreIgnored() throws Exception {
    Payload p = decode("@benchtap   v=2\tseq=5  junk t=7.5 =x y=\nline");
    assertThat(p.seq()).hasValue(5);
    assertThat(p.deviceTime()).isEqualTo(Instant.ofEpochSecond(7, 500_000_000));
    assertThat(p.lines()).containsExactly("line");
  }

  @Test
  void badHeaderIsRejected() {
    assertThatThrownBy(() -> decode("@benchtap seq=x\nline"))
        .isInstanceOf(Payload.Rejected.class)
        .satisfies(e -> assertThat(((Payload.Rejected) e).reason()).isEqualTo("bad_header"))
        .hasMessageContaining("'seq'");
    assertThatThrownBy(() -> decode("@benchtap seq=-1\nline")).hasMessageContaining("'seq'");
    assertThatThrownBy(() -> decode("@benchtap seq=9223372036854775808\nline")).hasMessageContaining("'seq'");
  }

  @Test
  void aDeviceTimeBeyondEpochNanosecondsInALongIsABadHeaderNamingTheFieldAndTheRange() throws Exception {
    for (String t : List.of("99999999999999", "9223372036.854775807", "1e30", "18446744073709551616", "-1", "2.5e-1x")) {
      assertThatThrownBy(() -> decode("@benchtap seq=1 t=" + t + "\nline")).as(t)
          .isInstanceOf(Payload.Rejected.class)
          .satisfies(e -> assertThat(((Payload.Rejected) e).reason()).isEqualTo("bad_header"))
          .hasMessageContaining("'t'").hasMessageContaining("0 <= t < 9223372036.854775807");
    }
    assertThat(decode("@benchtap seq=1 t=9223372036.854775806\nline").deviceTime())
        .isEqualTo(Instant.ofEpochSecond(0, Long.MAX_VALUE - 1));
    assertThat(decode("@benchtap seq=1 t=0\nline").deviceTime()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void binaryAndInvalidUtf8AreRejected() {
    assertThatThrownBy(() -> Payload.decode(new byte[] {'a', 0, 'b'}, 100, n -> { }))
        .satisfies(e -> assertThat(((Payload.Rejected) e).reason()).isEqualTo("binary"));
    assertThatThrownBy(() -> Payload.decode(new byte[] {'a', (byte) 0xC3, (byte) 0x28}, 100, n -> { }))
        .satisfies(e -> assertThat(((Payload.Rejected) e).reason()).isEqualTo("invalid_utf8"));
  }

  @Test
  void overlongLinesAreDroppedAndCountedTheRestKept() throws Exception {
    AtomicInteger dropped = new AtomicInteger();
    Payload p = Payload.decode(("ok\n" + "x".repeat(101) + "\nalso ok").getBytes(StandardCharsets.UTF_8), 100, dropped::addAndGet);
    assertThat(p.lines()).isEqualTo(List.of("ok", "also ok"));
    assertThat(dropped).hasValue(1);
  }

  @Test
  void headerSeqReadsTheSeqFromTheFirstLineOnlyByDecodesRules() {
    assertThat(Payload.headerSeq(bytes("@benchtap seq=42 t=1796529862.5\nline"))).isEqualTo(42);
    assertThat(Payload.headerSeq(bytes("@benchtap t=1796529862.5 seq=7\nline"))).isEqualTo(7);
    assertThat(Payload.headerSeq(bytes("@benchtap seq=0"))).isZero();
    assertThat(Payload.headerSeq(bytes("no header seq=3\n"))).isEqualTo(-1);
    assertThat(Payload.headerSeq(bytes("@benchtap t=1\nseq=5"))).as("seq= on a later line is output").isEqualTo(-1);
    assertThat(Payload.headerSeq(bytes("@benchtap seq=x t=1\n"))).isEqualTo(-1);
    assertThat(Payload.headerSeq(bytes("@benchtap xseq=4 t=1\n"))).isEqualTo(-1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
