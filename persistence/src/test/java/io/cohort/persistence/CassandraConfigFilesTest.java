package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraConfigFilesTest {
  private static final Path DIR = Path.of("/var/tmp/cohort's node");

  @Test
  void yamlHasAddressPortsAndSeeds() {
    CassandraNode node =
        new CassandraNode(
            DIR, "127.0.0.2", 9142, 7100, List.of("127.0.0.1", "127.0.0.2"), "1G", Duration.ofSeconds(60), List.of());

    String yaml = CassandraConfigFiles.cassandraYaml(node, new NodeDirectories(node.dir()));

    assertTrue(yaml.contains("\nlisten_address: 127.0.0.2\n"), yaml);
    assertTrue(yaml.contains("\nrpc_address: 127.0.0.2\n"), yaml);
    assertTrue(yaml.contains("\nnative_transport_port: 9142\n"), yaml);
    assertTrue(yaml.contains("\nstorage_port: 7100\n"), yaml);
    assertTrue(yaml.contains("- seeds: '127.0.0.1:7100,127.0.0.2:7100'\n"), yaml);
    assertTrue(yaml.contains("\nendpoint_snitch: SimpleSnitch\n"), yaml);
    assertTrue(yaml.contains("\nauto_snapshot: false\n"), yaml);
  }

  @Test
  void yamlQuotesDirectories() {
    CassandraNode node = TestCassandra.node(DIR, 9042, 7000);

    String yaml = CassandraConfigFiles.cassandraYaml(node, new NodeDirectories(node.dir()));

    assertTrue(yaml.contains("commitlog_directory: '/var/tmp/cohort''s node/commitlog'\n"), yaml);
    assertTrue(yaml.contains("  - '/var/tmp/cohort''s node/data'\n"), yaml);
  }

  @Test
  void logbackEscapesPathAndFiltersConsole() {
    String xml = CassandraConfigFiles.logbackXml(new NodeDirectories(DIR));

    assertTrue(xml.contains("<file>/var/tmp/cohort&apos;s node/logs/system.log</file>"), xml);
    assertTrue(xml.contains("<level>WARN</level>"), xml);
    assertTrue(xml.contains("<root level=\"INFO\">"), xml);
    assertFalse(xml.contains("%%"), xml);
  }
}
