package io.cohort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
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
}
