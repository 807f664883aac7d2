package io.cohort.config;

import com.typesafe.config.Config;
import java.time.Duration;

/** The Cassandra child process that a node starts when no contact points are configured. */
public record EmbeddedCassandraSettings(
    String listenAddress, int nativePort, int storagePort, String heap, Duration startTimeout) {

  static EmbeddedCassandraSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.cassandra.embedded");
    String address = values.nonEmptyString("listen-address");
    if (!address.startsWith("127.")) {
      throw new SettingsException(
          "cohort.cassandra.embedded.listen-address = " + address + " is not a loopback address; use 127.0.0.x");
    }
    return new EmbeddedCassandraSettings(
        address,
        values.intBetween("native-port", 1, 65535),
        values.intBetween("storage-port", 1, 65535),
        values.nonEmptyString("heap"),
        values.positiveDuration("start-timeout"));
  }
}
