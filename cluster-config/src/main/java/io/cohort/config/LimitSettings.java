package io.cohort.config;

import com.typesafe.config.Config;

/** Size limits on client input. */
public record LimitSettings(int maxKeyBytes, int maxValueBytes) {

  static LimitSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.limits");
    return new LimitSettings(
        values.intBetween("max-key-bytes", 1, 64 * 1024),
        (int) values.bytesBetween("max-value-bytes", 1, 8L * 1024 * 1024));
  }
}
