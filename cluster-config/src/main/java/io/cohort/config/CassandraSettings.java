package io.cohort.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The Cassandra cluster that stores journals and snapshots. With no contact points the node starts an
 * embedded Cassandra as a child process.
 */
public record CassandraSettings(
    List<String> contactPoints,
    String localDatacenter,
    int replicationFactor,
    EmbeddedCassandraSettings embedded) {

  public boolean useEmbedded() {
    return contactPoints.isEmpty();
  }

  static CassandraSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.cassandra");
    List<String> contactPoints = values.stringList("contact-points");
    for (String point : contactPoints) {
      if (!point.matches("[^:\\s]+:\\d{1,5}")) {
        throw new SettingsException(
            "cohort.cassandra.contact-points contains [" + point + "]; expected host:port such as 127.0.0.1:9042");
      }
    }
    return new CassandraSettings(
        List.copyOf(contactPoints),
        values.nonEmptyString("local-datacenter"),
        values.intBetween("replication-factor", 1, 9),
        EmbeddedCassandraSettings.fromConfig(config.getConfig("embedded")));
  }
}
