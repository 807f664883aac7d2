package io.cohort.bench.cassandra;

import static io.cohort.bench.cassandra.CassandraYcsbClient.CONTACT_POINT_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.CONTACT_POINT_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.KEYSPACE_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.KEYSPACE_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.LOCAL_DATACENTER_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.LOCAL_DATACENTER_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.READ_CONSISTENCY_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.READ_CONSISTENCY_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.REPLICATION_FACTOR_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.REPLICATION_FACTOR_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.TIMEOUT_MS_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.TIMEOUT_MS_PROPERTY;
import static io.cohort.bench.cassandra.CassandraYcsbClient.WRITE_CONSISTENCY_DEFAULT;
import static io.cohort.bench.cassandra.CassandraYcsbClient.WRITE_CONSISTENCY_PROPERTY;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cohort.bench.BindingProperties;
import io.cohort.bench.BindingProperties.HostPort;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import site.ycsb.DBException;

/**
 * The Cassandra binding's {@code cassandra.*} properties, parsed and validated.
 *
 * @param contactPoint the node that the driver connects to first
 * @param localDatacenter the datacenter whose nodes the driver sends requests to, also the one that a new
 *     keyspace is replicated in
 * @param keyspace the keyspace of the table, created if absent
 * @param replicationFactor the replication factor of a keyspace that the binding creates
 * @param writeConsistency the consistency level of insert, update and delete
 * @param readConsistency the consistency level of read
 * @param requestTimeout the driver's timeout for one request, retries included
 */
record CassandraSettings(HostPort contactPoint, String localDatacenter, String keyspace, int replicationFactor,
    DefaultConsistencyLevel writeConsistency, DefaultConsistencyLevel readConsistency, Duration requestTimeout) {

  /** Keyspace names within Cassandra's limit of 48 word characters that start with a letter, so CQL needs no quotes. */
  private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  /** SERIAL and LOCAL_SERIAL apply only to conditional writes, which this binding does not send. */
  static final Set<DefaultConsistencyLevel> WRITE_LEVELS = EnumSet.complementOf(
      EnumSet.of(DefaultConsistencyLevel.SERIAL, DefaultConsistencyLevel.LOCAL_SERIAL));

  /** Cassandra rejects reads at ANY. */
  static final Set<DefaultConsistencyLevel> READ_LEVELS = EnumSet.complementOf(
      EnumSet.of(DefaultConsistencyLevel.ANY));

  /**
   * Parses the properties, applying the defaults.
   *
   * @throws DBException naming the property and its allowed values if a property is invalid
   */
  static CassandraSettings parse(Properties properties) throws DBException {
    HostPort contactPoint = BindingProperties.parseHostPort(properties, CONTACT_POINT_PROPERTY, CONTACT_POINT_DEFAULT);
    String datacenter = properties.getProperty(LOCAL_DATACENTER_PROPERTY, LOCAL_DATACENTER_DEFAULT).trim();
    if (datacenter.isEmpty()) {
      throw new DBException(LOCAL_DATACENTER_PROPERTY + " is empty: set it to the datacenter name of the contact"
          + " point, which is " + LOCAL_DATACENTER_DEFAULT + " unless cassandra-rackdc.properties sets another");
    }
    String keyspace = properties.getProperty(KEYSPACE_PROPERTY, KEYSPACE_DEFAULT).trim();
    if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
      throw new DBException("invalid " + KEYSPACE_PROPERTY + " '" + keyspace
          + "': expected a letter followed by at most 47 letters, digits or underscores");
    }
    int replicationFactor = BindingProperties.parseInt(properties, REPLICATION_FACTOR_PROPERTY,
        REPLICATION_FACTOR_DEFAULT, 1, Integer.MAX_VALUE);
    int timeoutMillis = BindingProperties.parseInt(properties, TIMEOUT_MS_PROPERTY, TIMEOUT_MS_DEFAULT, 1,
        Integer.MAX_VALUE);
    return new CassandraSettings(contactPoint, datacenter, keyspace, replicationFactor,
        parseLevel(properties, WRITE_CONSISTENCY_PROPERTY, WRITE_CONSISTENCY_DEFAULT, WRITE_LEVELS),
        parseLevel(properties, READ_CONSISTENCY_PROPERTY, READ_CONSISTENCY_DEFAULT, READ_LEVELS),
        Duration.ofMillis(timeoutMillis));
  }

  /** Describes the settings for error messages, with the property names. */
  String describe() {
    return CONTACT_POINT_PROPERTY + "=" + contactPoint + ", " + LOCAL_DATACENTER_PROPERTY + "=" + localDatacenter
        + ", " + KEYSPACE_PROPERTY + "=" + keyspace + ", " + REPLICATION_FACTOR_PROPERTY + "=" + replicationFactor
        + ", " + WRITE_CONSISTENCY_PROPERTY + "=" + writeConsistency + ", " + READ_CONSISTENCY_PROPERTY + "="
        + readConsistency + ", " + TIMEOUT_MS_PROPERTY + "=" + requestTimeout.toMillis();
  }

  private static DefaultConsistencyLevel parseLevel(Properties properties, String name, String defaultValue,
      Set<DefaultConsistencyLevel> allowed) throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    for (DefaultConsistencyLevel level : allowed) {
      if (level.name().equals(text.toUpperCase(Locale.ROOT))) {
        return level;
      }
    }
    throw new DBException("invalid " + name + " '" + text + "': expected one of " + allowed);
  }
}
