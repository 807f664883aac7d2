package io.cohort.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** HTTP address, work directory and request timeout of this node. */
public record NodeSettings(String httpHost, int httpPort, Path workDir, Duration requestTimeout) {

  static NodeSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.node");
    return new NodeSettings(
        values.nonEmptyString("http.host"),
        values.intBetween("http.port", 0, 65535),
        Path.of(values.nonEmptyString("work-dir")),
        values.positiveDuration("request-timeout"));
  }
}
