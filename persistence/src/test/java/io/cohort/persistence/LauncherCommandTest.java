package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.config.EmbeddedCassandraSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherCommandTest {
  private static final EmbeddedCassandraSettings DEFAULTS =
      new EmbeddedCassandraSettings("127.0.0.1", 9042, 7000, "1G", Duration.ofSeconds(180));

  @Test
  void parseAppliesDefaults() {
    CassandraNode node = LauncherCommand.parse(new String[] {"--dir", "work/cassandra"}, DEFAULTS);

    assertEquals(Path.of("work/cassandra").toAbsolutePath(), node.dir());
    assertEquals("127.0.0.1:9042", node.contactPoint());
    assertEquals(7000, node.storagePort());
    assertEquals(List.of("127.0.0.1"), node.seedAddresses());
    assertEquals("1G", node.heap());
    assertEquals(Duration.ofSeconds(180), node.startTimeout());
  }

  @Test
  void parseReadsEveryOption() {
    String[] args = {
      "--dir", "n2", "--address", "127.0.0.2", "--native-port", "9142", "--storage-port", "7100",
      "--seeds", "127.0.0.1, 127.0.0.2", "--heap", "512M", "--start-timeout", "60"
    };

    CassandraNode node = LauncherCommand.parse(args, DEFAULTS);

    assertEquals("127.0.0.2:9142", node.contactPoint());
    assertEquals(7100, node.storagePort());
    assertEquals(List.of("127.0.0.1", "127.0.0.2"), node.seedAddresses());
    assertEquals("512M", node.heap());
    assertEquals(Duration.ofSeconds(60), node.startTimeout());
  }

  @Test
  void parseReturnsNullForHelp() {
    assertNull(LauncherCommand.parse(new String[] {"--help"}, DEFAULTS));
  }

  @Test
  void parseRejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> LauncherCommand.parse(new String[] {}, DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> LauncherCommand.parse(new String[] {"--dir"}, DEFAULTS));
    assertThrows(
        IllegalArgumentException.class, () -> LauncherCommand.parse(new String[] {"--dir", "d", "--port", "1"}, DEFAULTS));
    assertThrows(
        IllegalArgumentException.class,
        () -> LauncherCommand.parse(new String[] {"--dir", "d", "--native-port", "x"}, DEFAULTS));
  }

  @Test
  void runPrintsUsageForUnknownOption() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        LauncherCommand.run(
            new String[] {"--dir", "d", "--bogus", "1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(LauncherCommand.EXIT_USAGE, exitCode);
    String errors = err.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("Option --bogus is unknown"), errors);
    assertTrue(errors.contains("--native-port PORT"), errors);
  }
}
