package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CassandraSettings;
import io.cohort.config.CohortConfig;
import io.cohort.config.CohortSettings;
import io.cohort.config.EmbeddedCassandraSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalConfigTest {

  @Test
  void referenceConfSelectsCassandraPlugin() {
    Config config = CohortConfig.withDefaults(ConfigFactory.empty());

    assertEquals("pekko.persistence.cassandra.journal", config.getString("pekko.persistence.journal.plugin"));
    assertEquals("pekko.persistence.cassandra.snapshot", config.getString("pekko.persistence.snapshot-store.plugin"));
  }

  @Test
  void referenceConfOverridesPluginDefaults() {
    Config plugin = CohortConfig.withDefaults(ConfigFactory.empty()).getConfig(JournalConfig.PLUGIN_PATH);

    assertEquals("cohort_journal", plugin.getString("journal.keyspace"));
    assertEquals("cohort_snapshot", plugin.getString("snapshot.keyspace"));
    assertTrue(plugin.getBoolean("journal.keyspace-autocreate"));
    assertTrue(plugin.getBoolean("journal.tables-autocreate"));
    assertTrue(plugin.getBoolean("snapshot.keyspace-autocreate"));
    assertTrue(plugin.getBoolean("snapshot.tables-autocreate"));
    assertFalse(plugin.getBoolean("events-by-tag.enabled"));
  }

  @Test
  void referenceConfTakesCohortCassandraSettings() {
    // CohortConfig resolves the defaults together with the application's settings, so the
    // substitutions in this module's reference.conf see the application's values.
    Config config =
        CohortConfig.withDefaults(
            ConfigFactory.parseString(
                "cohort.cassandra.replication-factor = 3\ncohort.cassandra.local-datacenter = dc-east"));

    assertEquals(3, config.getInt("pekko.persistence.cassandra.journal.replication-factor"));
    assertEquals(3, config.getInt("pekko.persistence.cassandra.snapshot.replication-factor"));
    assertEquals(
        "dc-east", config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
  }

  @Test
  void referenceConfSetsDriverTimeouts() {
    Config driver = CohortConfig.withDefaults(ConfigFactory.empty()).getConfig("datastax-java-driver");

    assertTrue(driver.getBoolean("advanced.reconnect-on-init"));
    assertEquals(Duration.ofSeconds(10), driver.getDuration("basic.request.timeout"));
    assertEquals(Duration.ofSeconds(10), driver.getDuration("advanced.reconnection-policy.max-delay"));
  }

  @Test
  void forContactPointsSetsDriverKeys() {
    Config overlay = JournalConfig.forContactPoints(List.of("127.0.0.1:9042", "127.0.0.2:9042"), "dc1");

    assertEquals(
        List.of("127.0.0.1:9042", "127.0.0.2:9042"), overlay.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals("dc1", overlay.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
  }

  @Test
  void forContactPointsOverridesLoadedConfig() {
    Config config = JournalConfig.forContactPoints(List.of("db.example:9142"), "dc1").withFallback(CohortConfig.withDefaults(ConfigFactory.empty()));

    assertEquals(List.of("db.example:9142"), config.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals("dc1", config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
  }

  @Test
  void forContactPointsRejectsInvalidInput() {
    assertThrows(IllegalArgumentException.class, () -> JournalConfig.forContactPoints(List.of(), "dc1"));
    assertThrows(IllegalArgumentException.class, () -> JournalConfig.forContactPoints(List.of("127.0.0.1"), "dc1"));
    assertThrows(
        IllegalArgumentException.class, () -> JournalConfig.forContactPoints(List.of("127.0.0.1:9042"), " "));
  }

  @Test
  void forExternalCassandraUsesSettings() {
    CassandraSettings settings =
        new CassandraSettings(List.of("10.1.2.3:9042"), "dc-west", 3, embeddedDefaults());

    Config overlay = JournalConfig.forExternalCassandra(settings);

    assertEquals(List.of("10.1.2.3:9042"), overlay.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals("dc-west", overlay.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
  }

  @Test
  void forExternalCassandraRejectsEmbeddedSettings() {
    CassandraSettings settings = new CassandraSettings(List.of(), "datacenter1", 1, embeddedDefaults());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> JournalConfig.forExternalCassandra(settings));

    assertTrue(error.getMessage().contains("forEmbeddedCassandra"), error.getMessage());
  }

  private static EmbeddedCassandraSettings embeddedDefaults() {
    return CohortSettings.fromConfig(CohortConfig.withDefaults(ConfigFactory.empty())).cassandra().embedded();
  }
}
