package io.benchtap.parse;

import java.util.Optional;

/**
 * What a parser may know about a stream before the first line: the command line from the
 * {@code started} status event, when one was published. Offline parsing has none.
 *
 * @param commandLine the benchmark's command line, if known
 */
public record StreamContext(Optional<String> commandLine) {
  public static final StreamContext EMPTY = new StreamContext(Optional.empty());

  public StreamContext {
    commandLine = commandLine == null ? Optional.empty() : commandLine;
  }

  public static StreamContext ofCommand(String commandLine) {
    return new StreamContext(Optional.ofNullable(commandLine));
  }
}
