package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CassandraLauncherTest {
  private static final Logger log = LoggerFactory.getLogger(CassandraLauncherTest.class);

  @Test
  void startStopRestartAndKill(@TempDir Path dir) {
    CassandraNode node = TestCassandra.node(dir.resolve("node"), 19042, 17000);
    Path pidFile = node.dir().resolve("cassandra.pid");

    EmbeddedCassandra first = CassandraLauncher.start(node);
    long firstPid = first.pid();
    try {
      log.info("Fresh node responded to CQL after {} ms", first.startDuration().toMillis());
      assertEquals("127.0.0.1:19042", first.contactPoint());
      assertTrue(first.releaseVersion().startsWith("5.0."), first.releaseVersion());
      assertTrue(first.isAlive());
      assertTrue(Files.isRegularFile(pidFile), "PID file is missing");
      assertTrue(Files.isRegularFile(node.dir().resolve("conf/cassandra.yaml")), "cassandra.yaml is missing");

      try (CqlSession session = TestCassandra.connect(first)) {
        session.execute(
            "CREATE KEYSPACE launcher_test WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE launcher_test.items (id text PRIMARY KEY, amount int)");
        session.execute("INSERT INTO launcher_test.items (id, amount) VALUES ('a', 42)");
        Row row = session.execute("SELECT amount FROM launcher_test.items WHERE id = 'a'").one();
        assertNotNull(row, "inserted row not found");
        assertEquals(42, row.getInt("amount"));
      }
    } finally {
      first.stop();
    }
    assertFalse(TestCassandra.isProcessAlive(firstPid), "Cassandra pid " + firstPid + " is still alive after stop");
    assertFalse(TestCassandra.isPortOpen("127.0.0.1", 19042), "CQL port is still open after stop");
    assertFalse(TestCassandra.isPortOpen("127.0.0.1", 17000), "storage port is still open after stop");
    assertFalse(Files.exists(pidFile), "PID file remains after stop");

    EmbeddedCassandra second = CassandraLauncher.start(node);
    long secondPid = second.pid();
    try {
      log.info("Restarted node responded to CQL after {} ms", second.startDuration().toMillis());
      try (CqlSession session = TestCassandra.connect(second)) {
        Row row = session.execute("SELECT amount FROM launcher_test.items WHERE id = 'a'").one();
        assertNotNull(row, "row written before the restart not found");
        assertEquals(42, row.getInt("amount"));
      }
      second.kill();
      assertFalse(TestCassandra.isProcessAlive(secondPid), "Cassandra pid " + secondPid + " is still alive after kill");
      assertFalse(second.isAlive());
    } finally {
      second.stop();
    }
    assertFalse(TestCassandra.isPortOpen("127.0.0.1", 19042), "CQL port is still open after kill");
  }

  @Test
  void systemLogReceivesCassandraLog(@TempDir Path dir) throws IOException {
    Optional<String> mismatch = CassandraClasspath.load().logbackVersionMismatch();
    assumeTrue(mismatch.isEmpty(), () -> mismatch.get());

    EmbeddedCassandra cassandra = CassandraLauncher.start(TestCassandra.node(dir, 19050, 17010));
    try {
      String systemLog = Files.readString(cassandra.systemLog());
      assertTrue(systemLog.contains("Startup complete"), "system.log lacks Cassandra's start message");
      String stdout = Files.readString(dir.resolve("logs/stdout.log"));
      assertFalse(stdout.contains(" INFO "), "INFO lines reached stdout.log");
    } finally {
      cassandra.stop();
    }
  }

  @Test
  void mainStopsNodeOnSigterm(@TempDir Path dir) throws Exception {
    // Surefire's class path (a jar whose manifest lists the test class path) also runs the launcher.
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CassandraLauncher.class.getName(),
            "--dir", dir.toString(),
            "--native-port", "19049",
            "--storage-port", "17009",
            "--heap", TestCassandra.HEAP,
            "--start-timeout", "120");
    Process launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
    long cassandraPid = -1;
    try {
      List<String> output = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while (cassandraPid < 0 && (line = reader.readLine()) != null) {
          output.add(line);
          if (line.startsWith("pid=")) {
            cassandraPid = Long.parseLong(line.substring("pid=".length()));
          }
        }
        assertTrue(cassandraPid > 0, "launcher printed no pid= line: " + output);
        assertTrue(output.contains("contact-point=127.0.0.1:19049"), output.toString());
        assertTrue(TestCassandra.isPortOpen("127.0.0.1", 19049), "CQL port is closed while the launcher runs");

        // Process.destroy sends SIGTERM; the launcher's shutdown hook stops Cassandra before it exits.
        launcher.destroy();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "launcher did not exit after SIGTERM");
      }
      assertEquals(143, launcher.exitValue(), "exit code after SIGTERM");
      assertFalse(TestCassandra.isProcessAlive(cassandraPid), "Cassandra pid " + cassandraPid + " outlived its launcher");
      assertFalse(TestCassandra.isPortOpen("127.0.0.1", 19049), "CQL port is still open");
    } finally {
      launcher.destroyForcibly();
      if (cassandraPid > 0) {
        ProcessHandle.of(cassandraPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void startRejectsTakenNativePort(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 19043));
      long started = System.nanoTime();

      CassandraStartException error =
          assertThrows(
              CassandraStartException.class, () -> CassandraLauncher.start(TestCassandra.node(dir, 19043, 17003)));

      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(error.getMessage().contains("CQL native port 19043 on 127.0.0.1 is not available"), error.getMessage());
      assertTrue(error.pid().isEmpty(), "no process should have been started");
      assertTrue(elapsed.compareTo(Duration.ofSeconds(10)) < 0, "took " + elapsed);
    }
  }

  @Test
  void startReportsExitedProcess(@TempDir Path dir) {
    // A 1 MiB heap is accepted by CassandraNode, but the JVM refuses to start with it.
    CassandraNode node =
        new CassandraNode(
            dir, "127.0.0.1", 19044, 17004, List.of("127.0.0.1"), "1M", TestCassandra.START_TIMEOUT, List.of());
    long started = System.nanoTime();

    CassandraStartException error = assertThrows(CassandraStartException.class, () -> CassandraLauncher.start(node));

    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(error.getMessage().contains("exited with code 1 before it responded to CQL"), error.getMessage());
    assertTrue(error.getMessage().contains("Too small maximum heap"), error.getMessage());
    assertTrue(error.pid().isPresent(), "exception has no PID");
    assertFalse(TestCassandra.isProcessAlive(error.pid().getAsLong()));
    assertTrue(elapsed.compareTo(Duration.ofSeconds(30)) < 0, "took " + elapsed);
  }

  @Test
  void startTimesOutAndStopsProcess(@TempDir Path dir) {
    CassandraNode impatient =
        new CassandraNode(
            dir, "127.0.0.1", 19045, 17005, List.of("127.0.0.1"), TestCassandra.HEAP, Duration.ofSeconds(1), List.of());
    long started = System.nanoTime();

    CassandraStartException error =
        assertThrows(CassandraStartException.class, () -> CassandraLauncher.start(impatient));

    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(error.getMessage().contains("did not respond to CQL on 127.0.0.1:19045 within 1 s"), error.getMessage());
    assertTrue(error.pid().isPresent(), "exception has no PID");
    assertFalse(TestCassandra.isProcessAlive(error.pid().getAsLong()), "timed-out process is still alive");
    assertFalse(TestCassandra.isPortOpen("127.0.0.1", 19045));
    // One second of waiting, at most one CQL check, and the stop of a half-started node.
    assertTrue(elapsed.compareTo(Duration.ofSeconds(90)) < 0, "took " + elapsed);
  }

  @Test
  void startRejectsDirectoryWithRunningNode(@TempDir Path dir) throws IOException {
    // A stand-in whose command line names CassandraDaemon; bash stays the parent because of "; true".
    Process standIn =
        new ProcessBuilder("bash", "-c", "sleep 60; true", "org.apache.cassandra.service.CassandraDaemon").start();
    try {
      Files.writeString(dir.resolve("cassandra.pid"), standIn.pid() + "\n");

      CassandraStartException error =
          assertThrows(
              CassandraStartException.class, () -> CassandraLauncher.start(TestCassandra.node(dir, 19047, 17007)));

      assertTrue(
          error.getMessage().contains("Cassandra pid " + standIn.pid() + " is still running on " + dir),
          error.getMessage());
      assertTrue(Files.exists(dir.resolve("cassandra.pid")), "PID file of a running node was deleted");
    } finally {
      standIn.destroyForcibly();
    }
  }

  @Test
  void startDeletesStalePidFile(@TempDir Path dir) throws IOException {
    Process exited = new ProcessBuilder("true").start();
    exited.onExit().join();
    Files.writeString(dir.resolve("cassandra.pid"), exited.pid() + "\n");
    // The taken port stops the start right after the PID file check, before any process starts.
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 19048));

      CassandraStartException error =
          assertThrows(
              CassandraStartException.class, () -> CassandraLauncher.start(TestCassandra.node(dir, 19048, 17008)));

      assertTrue(error.getMessage().contains("port 19048"), error.getMessage());
      assertFalse(Files.exists(dir.resolve("cassandra.pid")), "stale PID file was kept");
    }
  }
}
