package io.benchtap.parse;

/**
 * Parser state for one output stream. Lines arrive one at a time, possibly spread over many MQTT
 * messages, always in order. An instance is used by one thread at a time and never shared between
 * streams.
 *
 * <p>Failure contract: neither method throws. A line that cannot be understood is reported with
 * {@link ParseSink#unparsed}; the parser stays usable for the following lines.
 */
public interface StreamParser {

  /**
   * Feeds one line of output, without its line terminator.
   *
   * @param line the line; may be empty, very long or contain any characters
   * @param out where samples and unparsed lines go
   */
  void line(String line, ParseSink out);

  /**
   * The stream ended (the process finished or the file ended). Emits whatever the summary
   * buffered; a summary cut short emits what was complete and reports the rest as unparsed.
   */
  default void end(ParseSink out) {}
}
