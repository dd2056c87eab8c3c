package io.benchtap.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * Logback converter {@code %oneLineEx}: the exception of a log event as the end of its one line
 * ({@code " (BindException: Address already in use)"}, with the innermost cause), unless the root
 * logger is at DEBUG or finer ({@code BENCHTAP_LOG_LEVEL=DEBUG}): then the full stack trace.
 * A refused connection or a port in use is an ordinary situation, and forty lines of frames hide
 * the one line that says what to do. A programming error (not an I/O exception) also names the
 * frame it was thrown at.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {
  private final ThrowableProxyConverter full = new ThrowableProxyConverter();

  @Override
  public void start() {
    full.setContext(getContext());
    full.start();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy t = event.getThrowableProxy();
    if (t == null) {
      return "";
    }
    if (debug()) {
      return System.lineSeparator() + full.convert(event).stripTrailing();
    }
    return " (" + describe(t) + ")";
  }

  private boolean debug() {
    return getContext() instanceof LoggerContext lc && Debug.on(lc);
  }

  /** "Class: message", then the innermost cause if there is one; the frame for a non-I/O error. */
  static String describe(IThrowableProxy t) {
    IThrowableProxy root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    StringBuilder sb = new StringBuilder(simple(t));
    if (root != t) {
      sb.append("; caused by ").append(simple(root));
    }
    if (!isIo(root)) {
      StackTraceElementProxy[] frames = root.getStackTraceElementProxyArray();
      if (frames != null && frames.length > 0) {
        sb.append(" at ").append(frames[0].getStackTraceElement());
      }
      sb.append("; BENCHTAP_LOG_LEVEL=DEBUG shows the stack trace");
    }
    return sb.toString();
  }

  private static String simple(IThrowableProxy t) {
    String name = t.getClassName();
    String shortName = name.substring(name.lastIndexOf('.') + 1);
    String m = t.getMessage();
    return m == null || m.isBlank() ? shortName : shortName + ": " + m.replaceAll("\\s+", " ").trim();
  }

  private static boolean isIo(IThrowableProxy t) {
    String n = t.getClassName();
    return n.startsWith("java.net.") || n.startsWith("java.io.") || n.startsWith("java.nio.") || n.startsWith("io.netty.");
  }
}
