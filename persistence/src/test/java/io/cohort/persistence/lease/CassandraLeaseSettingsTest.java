package io.cohort.persistence.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import java.time.Duration;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.junit.jupiter.api.Test;

/** Checks the shipped lease config block and the rejection of timeouts that do not fit together, without Cassandra. */
class CassandraLeaseSettingsTest {

  private static CassandraLeaseSettings settings(String overrides) {
    Config config = CohortConfig.withDefaults(ConfigFactory.parseString(overrides));
    Config leaseConfig =
        config.getConfig(CassandraLease.CONFIG_PATH).withFallback(config.getConfig("pekko.coordination.lease"));
    return CassandraLeaseSettings.from(LeaseSettings.apply(leaseConfig, "shard-7", "127.0.0.1:2551"));
  }

  private static String rejection(String overrides) {
    return assertThrows(IllegalArgumentException.class, () -> settings(overrides)).getMessage();
  }

  @Test
  void shippedDefaults() {
    CassandraLeaseSettings settings = settings("");

    assertEquals(Duration.ofSeconds(6), settings.ttl());
    assertEquals(6, settings.ttlSeconds());
    assertEquals(Duration.ofMillis(1500), settings.heartbeatInterval());
    assertEquals(Duration.ofSeconds(3), settings.operationTimeout());
    assertEquals(Duration.ofSeconds(2), settings.safetyMargin());
    assertEquals(Duration.ofSeconds(4), settings.validity());
    assertEquals("cohort_lease", settings.store().keyspace());
    assertTrue(settings.store().keyspaceAutocreate());
    assertTrue(settings.store().tablesAutocreate());
    assertEquals(1, settings.store().replicationFactor());
    assertEquals("cohort-lease", settings.store().driverProfile());
    assertEquals("cohort.lease.cassandra.session", settings.store().sessionConfigPath());
  }

  @Test
  void shippedSessionAndDriverProfile() {
    Config config = CohortConfig.withDefaults(ConfigFactory.parseString("cohort.cassandra.replication-factor = 3"));

    assertEquals(
        "org.apache.pekko.stream.connectors.cassandra.DefaultSessionProvider",
        config.getString("cohort.lease.cassandra.session.session-provider"));
    assertEquals(
        "datastax-java-driver", config.getString("cohort.lease.cassandra.session.datastax-java-driver-config"));
    assertEquals(
        "SERIAL", config.getString("datastax-java-driver.profiles.cohort-lease.basic.request.serial-consistency"));
    assertEquals("QUORUM", config.getString("datastax-java-driver.profiles.cohort-lease.basic.request.consistency"));
    assertEquals(3, config.getInt("cohort.lease.cassandra.replication-factor"));
    assertEquals(
        CassandraLease.class.getName(), config.getString("cohort.lease.cassandra.lease-class"));
  }

  @Test
  void rejectsFractionalTtl() {
    String message = rejection("cohort.lease.cassandra.heartbeat-timeout = 6500ms");

    assertTrue(message.contains("heartbeat-timeout"), message);
  }

  @Test
  void rejectsMarginNotBelowTtl() {
    String message = rejection("cohort.lease.cassandra.safety-margin = 6s");

    assertTrue(message.contains("safety-margin"), message);
  }

  @Test
  void rejectsIntervalNotBelowValidity() {
    // Pekko accepts 2.5 s because it is below half of the 6 s TTL. With a 4.5 s margin, though, the lease
    // would turn stale 1.5 s after each renewal, before the next one.
    String message =
        rejection("cohort.lease.cassandra.heartbeat-interval = 2500ms\ncohort.lease.cassandra.safety-margin = 4500ms");

    assertTrue(message.contains("heartbeat-interval"), message);
  }

  @Test
  void rejectsOperationTimeoutNotBelowValidity() {
    String message = rejection("cohort.lease.cassandra.lease-operation-timeout = 4s");

    assertTrue(message.contains("lease-operation-timeout"), message);
  }

  @Test
  void rejectsInvalidKeyspace() {
    String message = rejection("cohort.lease.cassandra.keyspace = \"lease-table\"");

    assertTrue(message.contains("keyspace"), message);
  }

  @Test
  void rejectsEmptyOwner() {
    Config config = CohortConfig.withDefaults(ConfigFactory.empty());
    Config leaseConfig =
        config.getConfig(CassandraLease.CONFIG_PATH).withFallback(config.getConfig("pekko.coordination.lease"));

    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> CassandraLeaseSettings.from(LeaseSettings.apply(leaseConfig, "shard-7", " ")))
            .getMessage();

    assertTrue(message.contains("owner"), message);
  }
}
