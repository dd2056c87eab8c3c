package io.benchtap.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, validated reads of dotted keys from the merged configuration. Defaults come from {@link
 * ConfigKeys}; values from environment variables and flags arrive as strings and are converted
 * here. Every failure is a {@link ConfigException} naming the key.
 */
public final class Cfg {
  private final JsonObject root;

  public Cfg(JsonObject root) {
    this.root = root == null ? new JsonObject() : root;
  }

  /** The raw value at a dotted path, or the catalog default (which may be null). */
  Object raw(String path) {
    ConfigKeys.Key key = ConfigKeys.find(path)
        .orElseThrow(() -> new IllegalArgumentException("not a catalog key: " + path));
    Object v = lookup(root, path);
    return v != null ? v : key.defaultValue();
  }

  /** Whether the key was given (file, environment or flag) rather than left at its default. */
  public boolean isSet(String path) {
    ConfigKeys.find(path).orElseThrow(() -> new IllegalArgumentException("not a catalog key: " + path));
    return lookup(root, path) != null;
  }

  static Object lookup(JsonObject root, String path) {
    Object cur = root;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof JsonObject obj)) {
        return null;
      }
      cur = obj.getValue(part);
    }
    return cur;
  }

  /** A string, trimmed; empty strings count as unset. */
  public String string(String path) {
    Object v = raw(path);
    if (v == null) {
      return null;
    }
    if (v instanceof JsonObject || v instanceof io.vertx.core.json.JsonArray) {
      throw new ConfigException(path, "a string", v);
    }
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? null : s;
  }

  public int integer(String path, int min, int max) {
    long v = longValue(path, min, max);
    return (int) v;
  }

  public long longValue(String path, long min, long max) {
    Object v = raw(path);
    String expected = "an integer " + min + ".." + max;
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s) {
      try {
        n = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(path, expected, v);
      }
    } else {
      throw new ConfigException(path, expected, v);
    }
    if (n < min || n > max) {
      throw new ConfigException(path, expected, v);
    }
    return n;
  }

  public boolean bool(String path) {
    Object v = raw(path);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> {
          return true;
        }
        case "false", "no", "off", "0" -> {
          return false;
        }
        default -> { }
      }
    }
    throw new ConfigException(path, "true or false", v);
  }

  /** One of a fixed set of words, case-insensitive, returned in lower case. */
  public String choice(String path, Set<String> allowed) {
    Object v = raw(path);
    String s = v == null ? null : String.valueOf(v).trim().toLowerCase(Locale.ROOT);
    if (s == null || !allowed.contains(s)) {
      throw new ConfigException(path, "one of " + new java.util.TreeSet<>(allowed), v);
    }
    return s;
  }

  /** A secret given directly or through a file key; the file wins. Never echoed in errors. */
  public String secret(String valuePath, String filePath) {
    String file = filePath == null ? null : string(filePath);
    if (file != null) {
      Path p = Path.of(file);
      try {
        String content = Files.readString(p).lines().findFirst().orElse("").trim();
        if (content.isEmpty()) {
          throw new ConfigException(filePath, "a file whose first line holds the secret", file + " (empty)");
        }
        return content;
      } catch (java.io.IOException e) {
        throw new ConfigException(filePath, "a readable file", file + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    return string(valuePath);
  }
}
