package io.benchtap.parse.dd;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.HIGHER_IS_BETTER;
import static io.benchtap.model.Direction.LOWER_IS_BETTER;
import static io.benchtap.model.Direction.NEUTRAL;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;

/**
 * Parser for the transfer statistics {@code dd} prints when it ends: GNU coreutils 8.24 and later
 * ({@code 268435456 bytes (268 MB, 256 MiB) copied, 0.0315754 s, 8.5 GB/s}; {@code 267 bytes
 * copied, ...} without the human-readable part), its {@code N+M records in/out} lines, and
 * BusyBox's ({@code ... bytes (256.0MB) copied, 0.031575 seconds, 8.1GB/s}, or the records lines
 * only when built without its third status line), all in the C locale (coreutils translates the
 * lines in others).
 *
 * <p>A tool added the way docs/adding-a-tool.md describes, and kept in the test sources on
 * purpose: this package, its fixtures ({@code outputs/dd/}) and one line in the test class path's
 * {@code META-INF/services/io.benchtap.parse.ToolParser} are all there is of it, and
 * {@code arch/OneFolderToolTest} shows that the main code, compiled without it, detects it, parses
 * it, serves its metrics with their HELP and analyses them with their direction and aggregate.
 *
 * <p>Metrics (benchmark {@code copy}, phase final): {@code copied_bytes}, {@code
 * copy_time_seconds} and {@code copy_throughput_bytes_per_second} = bytes / seconds (not dd's
 * printed rate, which is rounded to two digits). A {@code dd: ...} line (e.g. {@code dd: failed
 * to open '/nonexistent': No such file or directory}) makes the run failed once; nothing is
 * emitted after it. Any other line is unparsed ({@code unrecognised line}).
 */
public final class DdParser extends DeclaredParser {

  static final MetricSpec COPIED = new MetricSpec("copied_bytes", "bytes", NEUTRAL, SUM, "Bytes dd copied.");
  static final MetricSpec COPY_TIME = new MetricSpec("copy_time_seconds", "seconds", LOWER_IS_BETTER, MEAN,
      "Time dd took to copy.");
  static final MetricSpec COPY_THROUGHPUT = new MetricSpec("copy_throughput_bytes_per_second", "bytes_per_second",
      HIGHER_IS_BETTER, SUM, "Bytes dd copied per second (bytes / time, not the rounded rate dd prints).");

  /** {@code dd --version} prints {@code dd (coreutils) 9.1}. */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("dd", List.of("--version"),
      List.of(COPIED, COPY_TIME, COPY_THROUGHPUT));

  public DdParser() {
    super(DECLARATION);
  }

  /** 90 on a records or a copied line, 50 on a {@code dd: } error line, 0 otherwise. */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> DdStream.RECORDS.matcher(line).matches()
        || DdStream.COPIED.matcher(line).matches(), 90, line -> line.startsWith("dd: "), 50);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    return new DdStream();
  }
}
