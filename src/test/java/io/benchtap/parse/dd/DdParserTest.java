package io.benchtap.parse.dd;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract every parser owes the pipeline, for the test-only dd tool too. */
class DdParserTest extends ParserContractTest {

  @Override
  protected ToolParser parser() {
    return new DdParser();
  }

  @Override
  protected List<Path> realOutputs() {
    return outputs("dd");
  }

  @Test
  void busyBoxsThirdStatusLineIsRead() {
    // Built from BusyBox's format where the line is built in (coreutils/dd.c, dd_output_status:
    // "%llu bytes (%sB) copied, " then "%f seconds, %sB/s\n"); Debian's BusyBox prints no such line.
    RecordingSink sink = feed(parser(), StreamContext.EMPTY, List.of(
        "268435456 bytes (256.0MB) copied, 0.031575 seconds, 8.1GB/s"));
    assertThat(sink.samples).extracting(s -> s.metric() + "=" + s.value()).containsExactly(
        "copied_bytes=2.68435456E8", "copy_time_seconds=0.031575", "copy_throughput_bytes_per_second=" + 268435456 / 0.031575);
  }
}
