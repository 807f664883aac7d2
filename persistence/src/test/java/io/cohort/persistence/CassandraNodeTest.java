package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.config.EmbeddedCassandraSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraNodeTest {
  private static final Path DIR = Path.of("work", "cassandra");

  @Test
  void fromSettingsMakesSingleNode() {
    EmbeddedCassandraSettings settings =
        new EmbeddedCassandraSettings("127.0.0.2", 9142, 7100, "768M", Duration.ofSeconds(90));

    CassandraNode node = CassandraNode.fromSettings(settings, DIR);

    assertEquals(DIR.toAbsolutePath().normalize(), node.dir());
    assertEquals("127.0.0.2:9142", node.contactPoint());
    assertEquals(7100, node.storagePort());
    assertEquals(List.of("127.0.0.2"), node.seedAddresses());
    assertEquals("768M", node.heap());
    assertEquals(Duration.ofSeconds(90), node.startTimeout());
    assertTrue(node.isSingleNode());
  }

  @Test
  void withSeedsMakesClusterMember() {
    CassandraNode node = node("127.0.0.2", 9042, 7000).withSeeds(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));

    assertFalse(node.isSingleNode());
    assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), node.seedAddresses());
  }

  @Test
  void rejectsNonLoopbackAddresses() {
    for (String address : List.of("10.0.0.1", "192.168.1.1", "localhost", "127.0.0.256", "127.0.0.01", "::1")) {
      assertThrows(IllegalArgumentException.class, () -> node(address, 9042, 7000), address);
    }
  }

  @Test
  void rejectsNonLoopbackSeed() {
    CassandraNode node = node("127.0.0.1", 9042, 7000);

    assertThrows(IllegalArgumentException.class, () -> node.withSeeds(List.of("10.0.0.1")));
    assertThrows(IllegalArgumentException.class, () -> node.withSeeds(List.of()));
  }

  @Test
  void rejectsInvalidPortsAndHeap() {
    assertThrows(IllegalArgumentException.class, () -> node("127.0.0.1", 0, 7000));
    assertThrows(IllegalArgumentException.class, () -> node("127.0.0.1", 9042, 65536));
    assertThrows(IllegalArgumentException.class, () -> node("127.0.0.1", 9042, 9042));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CassandraNode(DIR, "127.0.0.1", 9042, 7000, List.of("127.0.0.1"), "1 GB", Duration.ofSeconds(1), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CassandraNode(DIR, "127.0.0.1", 9042, 7000, List.of("127.0.0.1"), "1G", Duration.ZERO, List.of()));
  }

  private static CassandraNode node(String address, int nativePort, int storagePort) {
    return new CassandraNode(
        DIR, address, nativePort, storagePort, List.of(address), "1G", Duration.ofSeconds(60), List.of());
  }
}
