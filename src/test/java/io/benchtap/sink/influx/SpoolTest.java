package io.benchtap.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir
  Path dir;

  static List<String> lines(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("m,t=ü f=" + i + " " + i);
    }
    return out;
  }

  @Test
  void beyondTheMemoryBoundLinesSpillToDiskAndComeOutInOrder() throws Exception {
    Spool s = new Spool(dir, 5);
    s.add(lines(0, 3));
    assertThat(s.onDisk()).isZero();
    s.add(lines(3, 8));
    assertThat(s.onDisk()).isEqualTo(8);
    s.add(lines(8, 9));
    assertThat(s.size()).isEqualTo(9);
    List<String> got = new ArrayList<>();
    while (s.size() > 0) {
      List<String> batch = s.peek(4);
      got.addAll(batch);
      s.remove(batch.size());
    }
    assertThat(got).isEqualTo(lines(0, 9));
    s.add(lines(9, 10));
    assertThat(s.onDisk()).isZero();
    assertThat(s.peek(10)).isEqualTo(lines(9, 10));
  }

  @Test
  void whatWasNotSentIsReplayedAfterARestart() throws Exception {
    Spool s = new Spool(dir, 2);
    s.add(lines(0, 6));
    s.remove(2);
    Spool again = new Spool(dir, 2);
    assertThat(again.size()).isEqualTo(4);
    assertThat(again.peek(10)).isEqualTo(lines(2, 6));
  }
}
