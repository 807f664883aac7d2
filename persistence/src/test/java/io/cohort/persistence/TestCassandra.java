package io.cohort.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Shared pieces of the tests that start Cassandra. Each test uses its own ports above 17000 and 19000,
 * so that a developer's Cassandra on the default ports 7000 and 9042 does not interfere.
 */
final class TestCassandra {
  /** Heap of test nodes: enough for a few tables, and leaves memory for the test JVM. */
  static final String HEAP = "512M";

  /** Start timeout of test nodes. A fresh node took about 5 s on a 2-core machine; this leaves room. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private TestCassandra() {}

  static CassandraNode node(Path dir, int nativePort, int storagePort) {
    return new CassandraNode(
        dir, "127.0.0.1", nativePort, storagePort, List.of("127.0.0.1"), HEAP, START_TIMEOUT, List.of());
  }

  /** Opens a CQL session to the node; the caller closes it. */
  static CqlSession connect(EmbeddedCassandra cassandra) {
    CassandraNode node = cassandra.node();
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
            .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
            .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
            .build();
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress(node.listenAddress(), node.nativePort()))
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(config)
        .build();
  }

  static boolean isPortOpen(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isProcessAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
