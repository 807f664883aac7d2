package io.cohort.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/** Typed reads of {@code cohort.*} keys that fail with the full key name and the allowed range. */
final class ConfigValues {
  private final Config config;
  private final String prefix;

  ConfigValues(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  int intBetween(String key, int min, int max) {
    int value = read(key, () -> config.getInt(key));
    if (value < min || value > max) {
      throw outOfRange(key, value, min + " to " + max);
    }
    return value;
  }

  long bytesBetween(String key, long min, long max) {
    long value = read(key, () -> config.getBytes(key));
    if (value < min || value > max) {
      throw outOfRange(key, value + " bytes", min + " to " + max + " bytes");
    }
    return value;
  }

  Duration positiveDuration(String key) {
    Duration value = read(key, () -> config.getDuration(key));
    if (value.isNegative() || value.isZero()) {
      throw outOfRange(key, value, "a positive duration such as 5s");
    }
    return value;
  }

  String nonEmptyString(String key) {
    String value = read(key, () -> config.getString(key)).trim();
    if (value.isEmpty()) {
      throw new SettingsException(fullKey(key) + " must not be empty");
    }
    return value;
  }

  /** Reads a string that may be empty, trimmed. */
  String string(String key) {
    return read(key, () -> config.getString(key)).trim();
  }

  boolean bool(String key) {
    return read(key, () -> config.getBoolean(key));
  }

  java.util.List<String> stringList(String key) {
    return read(key, () -> config.getStringList(key));
  }

  private <T> T read(String key, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException.Missing e) {
      throw new SettingsException(fullKey(key) + " is missing; set it in application.conf");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new SettingsException(fullKey(key) + " is invalid: " + e.getMessage());
    }
  }

  private SettingsException outOfRange(String key, Object value, String allowed) {
    return new SettingsException(fullKey(key) + " = " + value + " is out of range; allowed: " + allowed);
  }

  private String fullKey(String key) {
    return prefix + "." + key;
  }
}
