package io.benchtap.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;

/** Whether the log is at debug level: the root logger at DEBUG or finer ({@code BENCHTAP_LOG_LEVEL=DEBUG}). */
final class Debug {
  private Debug() {}

  static boolean on(LoggerContext context) {
    Level root = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
    return root != null && root.toInt() <= Level.DEBUG_INT;
  }
}
