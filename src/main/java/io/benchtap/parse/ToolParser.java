package io.benchtap.parse;

import java.util.List;

/**
 * Service provider interface: one implementation per benchmark tool, registered in
 * {@code META-INF/services/io.benchtap.parse.ToolParser} and loaded once by {@link ParserRegistry}.
 * Adding a tool never touches the pipeline core (docs/adding-a-tool.md): what the core needs to
 * know about the tool's metrics and its version flag it reads from {@link #declaration()}.
 *
 * <p>Implementations are stateless factories; all per-stream state lives in the {@link
 * StreamParser} that {@link #newStream} returns.
 */
public interface ToolParser {

  /**
   * The tool's name, version flags and metrics ({@link ToolDeclaration}). A sample whose metric is
   * not declared there with the same unit fails the build (MetricDeclarationsTest runs every
   * fixture through its parser). Must not throw; called once when the registry loads.
   */
  ToolDeclaration declaration();

  /** The tool name as it appears in topics and on the command line, lower case, e.g. "sysbench". */
  default String tool() {
    return declaration().tool();
  }

  /**
   * How sure this parser is that the given first lines of an output come from its tool, 0 (not
   * at all) to 100 (certain). Used by {@code parse --tool auto}. Must not throw.
   */
  default int detect(List<String> head) {
    return 0;
  }

  /**
   * Whether this parser has results to take from an output that another tool's parser was
   * detected for, because the output holds several tools' results (HPC Challenge's hpccoutf.txt:
   * HPL and STREAM sections). {@code parse --tool auto} then runs this parser on it too. Must not
   * throw.
   */
  default boolean alsoParses(List<String> head) {
    return false;
  }

  /**
   * A fresh parser for one stream.
   *
   * @param context what is known about the stream before its first line (command line, labels)
   */
  StreamParser newStream(StreamContext context);
}
