package io.benchtap.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.FixtureSamples;
import io.benchtap.parse.ParserRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version asked of a tool is the flag its parser declares, and a tool without one is never run for it. */
class ToolVersionTest {
  private static final ParserRegistry PARSERS = ParserRegistry.load();

  @TempDir
  Path dir;

  @Test
  void aToolIsAskedWithItsDeclaredFlag() {
    assertThat(ToolVersion.flags(PARSERS, "iperf")).containsExactly("-v");
    assertThat(ToolVersion.flags(PARSERS, "nuttcp")).containsExactly("-V");
    assertThat(ToolVersion.of("sysbench", ToolVersion.flags(PARSERS, "sysbench")))
        .hasValueSatisfying(v -> assertThat(v).startsWith("sysbench "));
  }

  /**
   * HPL and STREAM run their benchmark whatever the arguments: the campaign's hpcc-run.sh with
   * {@code --version} started HPCC and its banner line became the "version". They declare no
   * flag, and a tool without one (or unknown) is not started at all.
   */
  @Test
  void aToolWithoutAVersionFlagIsNeverStarted() throws Exception {
    assertThat(ToolVersion.flags(PARSERS, "hpl")).isEmpty();
    assertThat(ToolVersion.flags(PARSERS, "stream")).isEmpty();
    assertThat(ToolVersion.flags(PARSERS, "no-such-tool")).isEmpty();
    Path ran = dir.resolve("ran");
    Path tool = Files.writeString(dir.resolve("benchmark.sh"), "#!/bin/sh\necho started > " + ran + "\necho '#####'\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
    assertThat(ToolVersion.of(tool.toString(), ToolVersion.flags(PARSERS, "hpl"))).isEmpty();
    assertThat(ran).doesNotExist();
    // the same script with a flag is run: the absence above is not a failure to start it
    assertThat(ToolVersion.of(tool.toString(), List.of("--version"))).contains("#####");
    assertThat(ran).exists();
  }

  /**
   * agent/benchtap-agent.sh (no JVM on the device) keeps its own table of version flags: where it
   * knows a shipped tool, it asks with the flag the parser declares.
   */
  @Test
  void theShellAgentAsksTheFlagsTheParsersDeclare() throws Exception {
    String script = Files.readString(Path.of("agent/benchtap-agent.sh"));
    Matcher block = Pattern.compile("(?s)case \\$\\{1##\\*/\\} in\\n(.*?)\\nesac").matcher(script);
    assertThat(block.find()).as("the version case block of agent/benchtap-agent.sh").isTrue();
    Matcher arm = Pattern.compile("(?m)^([a-z0-9 |]+)\\) _vflag=(\\S+) ;;$").matcher(block.group(1));
    ParserRegistry shipped = FixtureSamples.shipped();
    int tools = 0;
    while (arm.find()) {
      for (String tool : Arrays.stream(arm.group(1).split("\\|")).map(String::strip).toList()) {
        assertThat(shipped.tools()).as("tool %s of the shell agent's version table", tool).contains(tool);
        assertThat(ToolVersion.flags(shipped, tool)).as("version flag of %s", tool).containsExactly(arm.group(2));
        tools++;
      }
    }
    assertThat(tools).isEqualTo(6);
  }
}
