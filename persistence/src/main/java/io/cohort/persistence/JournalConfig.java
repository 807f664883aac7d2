package io.cohort.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.cohort.config.CassandraSettings;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the Config overlay that points the Cassandra journal and snapshot store at a Cassandra cluster.
 * Put the overlay in front of the node's configuration, for example
 * {@code CohortConfig.withDefaults(JournalConfig.forExternalCassandra(settings).withFallback(app))}.
 */
public final class JournalConfig {

  /** Config path of the plugin's shared settings, which contain its session settings. */
  public static final String PLUGIN_PATH = "pekko.persistence.cassandra";

  /** Config path of the driver settings that the plugin's session reads. */
  static final String DRIVER_PATH = "datastax-java-driver";

  private static final Pattern HOST_PORT = Pattern.compile("[^:\\s]+:\\d{1,5}");
  private static final String ORIGIN = JournalConfig.class.getName();

  private JournalConfig() {}

  /**
   * Returns an overlay that sets the driver's contact points and local datacenter.
   *
   * @param contactPoints CQL addresses as {@code host:port}, such as {@code 127.0.0.1:9042}; at least one
   * @param localDatacenter the datacenter whose nodes the driver sends requests to
   * @throws IllegalArgumentException when the list is empty or an entry is not {@code host:port}
   */
  public static Config forContactPoints(List<String> contactPoints, String localDatacenter) {
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("contactPoints is empty; give at least one host:port such as 127.0.0.1:9042");
    }
    for (String point : contactPoints) {
      if (!HOST_PORT.matcher(point).matches()) {
        throw new IllegalArgumentException(
            "contactPoints contains [" + point + "]; expected host:port such as 127.0.0.1:9042");
      }
    }
    if (localDatacenter == null || localDatacenter.isBlank()) {
      throw new IllegalArgumentException("localDatacenter is empty; Cassandra's default datacenter is datacenter1");
    }
    return ConfigFactory.empty(ORIGIN)
        .withValue(
            DRIVER_PATH + ".basic.contact-points",
            ConfigValueFactory.fromIterable(List.copyOf(contactPoints), ORIGIN))
        .withValue(
            DRIVER_PATH + ".basic.load-balancing-policy.local-datacenter",
            ConfigValueFactory.fromAnyRef(localDatacenter, ORIGIN));
  }

  /**
   * Returns an overlay for the Cassandra cluster that {@code cohort.cassandra.contact-points} names.
   *
   * @throws IllegalArgumentException when no contact points are configured, which means the node should
   *     start an embedded Cassandra and use {@link #forEmbeddedCassandra} instead
   */
  public static Config forExternalCassandra(CassandraSettings settings) {
    if (settings.useEmbedded()) {
      throw new IllegalArgumentException(
          "cohort.cassandra.contact-points is empty, which selects the embedded Cassandra; start it with"
              + " CassandraLauncher and use JournalConfig.forEmbeddedCassandra");
    }
    return forContactPoints(settings.contactPoints(), settings.localDatacenter());
  }

  /**
   * Returns an overlay for Cassandra nodes that {@link CassandraLauncher} started. Their datacenter is
   * always {@code datacenter1}, whatever {@code cohort.cassandra.local-datacenter} is set to, because the
   * launcher configures SimpleSnitch.
   */
  public static Config forEmbeddedCassandra(List<EmbeddedCassandra> nodes) {
    return forContactPoints(nodes.stream().map(EmbeddedCassandra::contactPoint).toList(), CassandraConfigFiles.DATACENTER);
  }

  /** Returns an overlay for one Cassandra node that {@link CassandraLauncher} started. */
  public static Config forEmbeddedCassandra(EmbeddedCassandra node) {
    return forEmbeddedCassandra(List.of(node));
  }
}
