package io.benchtap.parse.iperf3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the iperf3 readers get from {@link JsonTree}: plain values, or null for anything not one JSON value. */
class JsonTreeTest {

  @Test
  void objectsArraysNumbersAndLiteralsBecomePlainValues() {
    Object v = JsonTree.parse("{\"end\": {\"sum_sent\": {\"bytes\": 1180123136, \"bits_per_second\": 9.43e8,"
        + " \"sender\": true}, \"streams\": [1, \"a\\u00e9\\n\", null, false]}}");
    Map<String, Object> end = JsonTree.obj(v, "end");
    assertThat(JsonTree.num(JsonTree.obj(end, "sum_sent"), "bytes")).isEqualTo(1180123136.0);
    assertThat(JsonTree.num(JsonTree.obj(end, "sum_sent"), "bits_per_second")).isEqualTo(9.43e8);
    assertThat(JsonTree.bool(JsonTree.obj(end, "sum_sent"), "sender")).isTrue();
    assertThat(new java.util.ArrayList<Object>(JsonTree.list(end, "streams"))).containsExactly(1.0, "a\u00e9\n", null, false);
  }

  @Test
  void anythingButOneWellFormedValueIsNull() {
    for (String bad : List.of("", "   ", "{", "{\"a\": 1", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1}x", "[1,]",
        "{\"a\" 1}", "{a: 1}", "{\"a\": nan}", "\"unterminated")) {
      assertThat(JsonTree.parse(bad)).as(bad).isNull();
    }
    assertThat(JsonTree.parse(null)).isNull();
    assertThat(JsonTree.parse(" {\"a\": 1}\n")).isEqualTo(Map.of("a", 1.0));
  }

  @Test
  void nestingIsLimitedSoADeepDocumentIsRefusedNotAStackOverflow() {
    assertThat(JsonTree.parse("[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH))).isNotNull();
    assertThat(JsonTree.parse("[".repeat(JsonTree.MAX_DEPTH + 1) + "]".repeat(JsonTree.MAX_DEPTH + 1))).isNull();
    assertThat(JsonTree.parse("[".repeat(1_000_000))).isNull();
  }
}
