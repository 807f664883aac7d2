package io.cohort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.NamespaceDefaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CohortSettingsTest {

  private static CohortSettings parse(String overrides) {
    return CohortSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void defaultsAreValid() {
    CohortSettings settings = parse("");
    assertEquals(256, settings.partitions().count());
    assertEquals(1024, settings.limits().maxKeyBytes());
    assertEquals(1024 * 1024, settings.limits().maxValueBytes());
    assertTrue(settings.cassandra().useEmbedded());
  }

  @Test
  void zeroPartitionsNamesKey() {
    SettingsException e = assertThrows(SettingsException.class, () -> parse("cohort.partitions.count = 0"));
    assertTrue(e.getMessage().contains("cohort.partitions.count"), e.getMessage());
    assertTrue(e.getMessage().contains("1 to 65536"), e.getMessage());
  }

  @Test
  void partitionCapAboveMutationLimitRejected() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> parse("cohort.partitions.max-bytes = 16 MiB"));
    assertTrue(e.getMessage().contains("cohort.partitions.max-bytes"), e.getMessage());
  }

  @Test
  void malformedContactPointRejected() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> parse("cohort.cassandra.contact-points = [\"db1\"]"));
    assertTrue(e.getMessage().contains("[db1]"), e.getMessage());
  }

  @Test
  void contactPointsDisableEmbedded() {
    CohortSettings settings = parse("cohort.cassandra.contact-points = [\"127.0.0.1:9042\"]");
    assertEquals(java.util.List.of("127.0.0.1:9042"), settings.cassandra().contactPoints());
    assertTrue(!settings.cassandra().useEmbedded());
  }

  @Test
  void nonLoopbackEmbeddedAddressRejected() {
    SettingsException e = assertThrows(
        SettingsException.class, () -> parse("cohort.cassandra.embedded.listen-address = \"10.0.0.1\""));
    assertTrue(e.getMessage().contains("10.0.0.1"), e.getMessage());
  }

  @Test
  void namespaceSettingsFromReference() {
    NamespaceSettings namespaces = parse("").namespaces();
    assertEquals(16, namespaces.defaultPartitions());
    assertEquals(ConsistencyLevel.STRONG, namespaces.defaultLevel());
    assertEquals("cohort.registry-store", namespaces.registryPlugin());
    assertTrue(namespaces.perLevelJournals());
    assertEquals(Duration.ofSeconds(2), namespaces.refresh());
  }

  @Test
  void namespaceDefaultsCombineNodeSettings() {
    CohortSettings settings = parse("""
        cohort.namespaces.default-partitions = 8
        cohort.namespaces.default-level = semi-sync
        cohort.cassandra.replication-factor = 3
        cohort.partitions.role = "hot"
        cohort.limits.max-value-bytes = 64 KiB
        """);
    NamespaceDefaults defaults = settings.namespaceDefaults();
    assertEquals(8, defaults.partitions());
    assertEquals(ConsistencyLevel.SEMI_SYNC, defaults.level());
    assertEquals(3, defaults.replicationFactor());
    assertEquals("hot", defaults.role());
    assertEquals(64 * 1024, defaults.maxValueBytes());
  }

  @Test
  void emptyRegistryPluginMeansDefaultPlugins() {
    assertEquals("", parse("cohort.namespaces.registry-plugin = \" \"").namespaces().registryPlugin());
  }

  @Test
  void unknownDefaultLevelNamesKey() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> parse("cohort.namespaces.default-level = fast"));
    assertTrue(e.getMessage().contains("cohort.namespaces.default-level"), e.getMessage());
    assertTrue(e.getMessage().contains("eventual, semi-sync, strong"), e.getMessage());
  }

  @Test
  void defaultPartitionsAboveMaximumNamesKey() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> parse("cohort.namespaces.default-partitions = 4097"));
    assertTrue(e.getMessage().contains("cohort.namespaces.default-partitions"), e.getMessage());
    assertTrue(e.getMessage().contains("1 to 4096"), e.getMessage());
  }

  @Test
  void zeroNamespaceRefreshNamesKey() {
    SettingsException e = assertThrows(SettingsException.class, () -> parse("cohort.namespaces.refresh = 0s"));
    assertTrue(e.getMessage().contains("cohort.namespaces.refresh"), e.getMessage());
  }

  @Test
  void invalidPerLevelJournalsNamesKey() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> parse("cohort.namespaces.per-level-journals = maybe"));
    assertTrue(e.getMessage().contains("cohort.namespaces.per-level-journals"), e.getMessage());
  }
}
