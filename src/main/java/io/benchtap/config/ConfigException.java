package io.benchtap.config;

/**
 * A configuration value that cannot be used. The message is one line that names the key, what
 * was expected and what was found, e.g. {@code config: mqtt.port: expected an integer 1..65535,
 * got "abc"}. Secrets are never echoed.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String expected, Object got) {
    super("config: " + key + ": expected " + expected + ", got " + describe(key, got));
  }

  public ConfigException(String message) {
    super("config: " + message);
  }

  private static String describe(String key, Object got) {
    if (got == null) {
      return "nothing";
    }
    if (ConfigKeys.isSecret(key)) {
      return "a value (hidden)";
    }
    return got instanceof String s ? "\"" + s + "\"" : String.valueOf(got);
  }
}
