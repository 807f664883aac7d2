package io.cohort.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** HTTP address, work directory, request timeout and routing refresh interval of this node. */
public record NodeSettings(boolean httpEnabled, String httpHost, int httpPort, String advertisedHost,
    Path workDir, Duration requestTimeout, Duration routingRefresh) {

  /** Returns the host clients use to reach this node: the advertised host, or the bind host when none is set. */
  public String clientHost() {
    return advertisedHost.isEmpty() ? httpHost : advertisedHost;
  }

  static NodeSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.node");
    return new NodeSettings(
        config.getBoolean("http.enabled"),
        values.nonEmptyString("http.host"),
        values.intBetween("http.port", 0, 65535),
        config.getString("http.advertised-host").trim(),
        Path.of(values.nonEmptyString("work-dir")),
        values.positiveDuration("request-timeout"),
        values.positiveDuration("routing-refresh"));
  }
}
