package io.cohort.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Short-lived checks of whether a Cassandra node responds to CQL, used while the launcher waits, and the
 * single-node sessions that {@link ClusterLiveness} checks through.
 */
final class CqlProbe {
  private CqlProbe() {}

  /**
   * Returns true when a TCP connection to the address succeeds. Checked before the driver connects,
   * because the driver logs a warning for every refused connection.
   */
  static boolean isPortOpen(InetSocketAddress address, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Connects a new CQL session to one node, runs {@code SELECT release_version FROM system.local} and
   * closes the session.
   *
   * @return Cassandra's release version, such as 5.0.6
   * @throws com.datastax.oss.driver.api.core.DriverException when connecting or the query fails, each
   *     step bounded by {@code timeout}
   */
  static String releaseVersion(InetSocketAddress address, Duration timeout) {
    try (CqlSession session = openSingleNodeSession(address, "cohort-launcher-probe", timeout, timeout)) {
      Row row = session.execute("SELECT release_version FROM system.local").one();
      return row == null ? "unknown" : row.getString("release_version");
    }
  }

  /**
   * Opens a CQL session that sends every request to the node at {@code address} and connects to none of
   * the peers that the driver discovers in a multi-node cluster, some of which may be down. The caller
   * closes it.
   *
   * @param connectTimeout bound on each step of connecting: TCP connect, handshake, control queries
   * @param requestTimeout default bound on each request
   * @throws com.datastax.oss.driver.api.core.DriverException when the node cannot be reached
   */
  static CqlSession openSingleNodeSession(
      InetSocketAddress address, String sessionName, Duration connectTimeout, Duration requestTimeout) {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withString(DefaultDriverOption.SESSION_NAME, sessionName)
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connectTimeout)
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connectTimeout)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, connectTimeout)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
            .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
            // The probes run plain statements and choose no replicas, so they skip fetching schema and
            // token metadata.
            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
            .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
            // Closing waits for Netty's quiet period, 2 s by default, which would add to every check.
            .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
            .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
            .build();
    return CqlSession.builder()
        .addContactPoint(address)
        .withLocalDatacenter(CassandraConfigFiles.DATACENTER)
        .withNodeDistanceEvaluator(
            (node, localDc) -> address.equals(node.getEndPoint().resolve()) ? null : NodeDistance.IGNORED)
        .withConfigLoader(config)
        .build();
  }
}
