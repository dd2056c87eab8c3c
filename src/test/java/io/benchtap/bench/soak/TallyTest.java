package io.benchtap.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TallyTest {
  private static final String TAGS = "devhealth,device=soak-%d,env=native,instance=host,net=unknown,run=%s,tool=devhealth";

  @TempDir
  Path dir;

  private static String line(String run, long n) {
    return String.format(TAGS, n % 4, run) + " memory_available_bytes=" + n + ".0 1764970000000000000\n";
  }

  @Test
  void filesCountEveryValueLineOnceAndSkipCommitMarks() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (long n = 0; n < 10; n++) {
      if (n % 3 == 0) {
        sb.append("#benchtap commit 1234 soak-0:").append(n).append('\n');
      }
      if (n != 4) {
        sb.append(line("soak1", n));
      }
    }
    sb.append(line("soak1", 7));
    sb.append(line("soak12", 4)); // another run whose id starts with this one's
    Files.writeString(dir.resolve("benchtap-2026-12-05.lp"), sb);
    Files.writeString(dir.resolve("benchtap-2026-12-06.lp"), line("soak1", 9) + line("soak1", 4).substring(0, 120));
    Files.createDirectories(dir.resolve("influx-spool"));
    Files.writeString(dir.resolve("influx-spool/influx-0000000000000001.lp"), line("soak1", 1));

    SinkCount c = Tally.inFiles(dir, "soak1", 10);

    assertThat(c.series()).as("daily files read").isEqualTo(2);
    assertThat(c.values()).isEqualTo(11);
    assertThat(c.lostValues()).as("4 is only in a line not yet complete").containsExactly(4L);
    assertThat(c.duplicatedValues()).containsExactly(7L, 9L);
    assertThat(c.duplicated()).isEqualTo(2);
    assertThat(c.foreign()).isZero();
    assertThat(c.clean()).isFalse();
  }

  @Test
  void inTheStoreTheSamePointAgainIsResentAndAValueAtTwoPointsIsDuplicated() {
    String export = """
        {"metric":{"__name__":"devhealth_memory_available_bytes","device":"soak-0"},"values":[0,2,2,4,4],"timestamps":[10,20,20,40,41]}
        {"metric":{"__name__":"devhealth_memory_available_bytes","device":"soak-1"},"values":[1,3,99],"timestamps":[11,31,99]}
        """;
    SinkCount c = Tally.fromExport(export, 6);
    assertThat(c.series()).isEqualTo(2);
    assertThat(c.values()).as("distinct points").isEqualTo(7);
    assertThat(c.resent()).isEqualTo(1);
    assertThat(c.duplicatedValues()).containsExactly(4L);
    assertThat(c.lostValues()).containsExactly(5L);
    assertThat(c.foreign()).isEqualTo(1);
  }
}
