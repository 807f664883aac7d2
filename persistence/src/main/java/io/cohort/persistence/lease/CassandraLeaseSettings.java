package io.cohort.persistence.lease;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.TimeoutSettings;

/**
 * Settings of one {@link CassandraLease}: Pekko's lease timeouts plus Cohort's keys from the same lease
 * config block, such as {@code cohort.lease.cassandra}.
 *
 * @param ttl {@code heartbeat-timeout}, the TTL of the lease row in Cassandra
 * @param heartbeatInterval {@code heartbeat-interval}, the pause between renewals and the timeout of one
 *     renewal
 * @param operationTimeout {@code lease-operation-timeout}, the bound on one acquire or release
 * @param safetyMargin {@code safety-margin}, how long before the TTL ends the holder stops trusting the
 *     lease
 */
record CassandraLeaseSettings(
    String leaseName,
    String ownerName,
    Duration ttl,
    Duration heartbeatInterval,
    Duration operationTimeout,
    Duration safetyMargin,
    StoreSettings store) {

  static final String SAFETY_MARGIN = "safety-margin";
  static final String KEYSPACE = "keyspace";
  static final String KEYSPACE_AUTOCREATE = "keyspace-autocreate";
  static final String TABLES_AUTOCREATE = "tables-autocreate";
  static final String REPLICATION_FACTOR = "replication-factor";
  static final String DRIVER_PROFILE = "driver-profile";
  static final String SESSION_CONFIG_PATH = "session-config-path";

  /** Unquoted CQL keyspace name: a letter, then letters, digits or underscores, 48 characters at most. */
  private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  /**
   * Storage of the lease rows: session, driver profile and schema. Leases with equal store settings share one {@link
   * CassandraLeaseStore}, and so one driver session and one set of prepared statements.
   *
   * @param sessionConfigPath absolute config path of the session settings that {@code
   *     CassandraSessionRegistry} reads
   * @param driverProfile name of the driver execution profile that sets the consistency levels
   */
  record StoreSettings(
      String sessionConfigPath,
      String driverProfile,
      String keyspace,
      boolean keyspaceAutocreate,
      boolean tablesAutocreate,
      int replicationFactor) {}

  /**
   * Reads and checks the settings.
   *
   * @throws IllegalArgumentException when a value is missing, invalid, or the timeouts do not fit
   *     together, with a message that names the key
   */
  static CassandraLeaseSettings from(LeaseSettings settings) {
    Config config = settings.leaseConfig();
    TimeoutSettings timeouts = settings.timeoutSettings();
    CassandraLeaseSettings parsed =
        new CassandraLeaseSettings(
            settings.leaseName(),
            settings.ownerName(),
            timeouts.getHeartbeatTimeout(),
            timeouts.getHeartbeatInterval(),
            timeouts.getOperationTimeout(),
            config.getDuration(SAFETY_MARGIN),
            new StoreSettings(
                config.getString(SESSION_CONFIG_PATH),
                config.getString(DRIVER_PROFILE),
                config.getString(KEYSPACE),
                config.getBoolean(KEYSPACE_AUTOCREATE),
                config.getBoolean(TABLES_AUTOCREATE),
                config.getInt(REPLICATION_FACTOR)));
    parsed.validate();
    return parsed;
  }

  /** Returns how long after sending a write that Cassandra applied the holder treats the lease as held. */
  Duration validity() {
    return ttl.minus(safetyMargin);
  }

  int ttlSeconds() {
    return (int) ttl.toSeconds();
  }

  private void validate() {
    require(leaseName != null && !leaseName.isBlank(), "the lease name is empty");
    require(ownerName != null && !ownerName.isBlank(), "the owner name of lease [" + leaseName + "] is empty");
    require(
        !ttl.isNegative() && ttl.toSeconds() >= 1 && ttl.toNanosPart() == 0 && ttl.toSeconds() <= Integer.MAX_VALUE,
        "heartbeat-timeout is " + ttl + "; it must be a whole number of seconds, at least 1 s, because it is"
            + " the TTL of the lease row and Cassandra's TTL is in seconds");
    require(
        safetyMargin.compareTo(Duration.ZERO) > 0 && safetyMargin.compareTo(ttl) < 0,
        SAFETY_MARGIN + " is " + safetyMargin + "; it must be above zero and below heartbeat-timeout (" + ttl + ")");
    require(
        heartbeatInterval.compareTo(Duration.ZERO) > 0 && heartbeatInterval.compareTo(validity()) < 0,
        "heartbeat-interval is "
            + heartbeatInterval
            + "; it must be above zero and below heartbeat-timeout minus "
            + SAFETY_MARGIN
            + " ("
            + validity()
            + "), or the lease turns stale before the first renewal");
    require(
        operationTimeout.compareTo(Duration.ZERO) > 0 && operationTimeout.compareTo(validity()) < 0,
        "lease-operation-timeout is "
            + operationTimeout
            + "; it must be above zero and below heartbeat-timeout minus "
            + SAFETY_MARGIN
            + " ("
            + validity()
            + "), or an acquire can succeed after the lease it wrote turned stale");
    require(
        KEYSPACE_NAME.matcher(store.keyspace()).matches(),
        KEYSPACE + " is [" + store.keyspace() + "]; expected a CQL name such as cohort_lease");
    require(
        store.replicationFactor() >= 1,
        REPLICATION_FACTOR + " is " + store.replicationFactor() + "; it must be at least 1");
    require(
        !store.driverProfile().isBlank(),
        DRIVER_PROFILE + " is empty; name a profile under datastax-java-driver.profiles");
    require(
        !store.sessionConfigPath().isBlank(),
        SESSION_CONFIG_PATH + " is empty; give the config path of the lease's session settings");
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("Invalid Cassandra lease settings: " + problem);
    }
  }
}
