package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a three-node cluster with a keyspace of replication factor 3 through the loss and return of
 * replicas. The tests run in order and share the cluster: each one starts from the node states that the
 * one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraClusterTest {
  private static final Logger log = LoggerFactory.getLogger(CassandraClusterTest.class);

  private static final int NATIVE_PORT = 19060;
  private static final int STORAGE_PORT = 17020;

  /** Kept when a test fails, so the nodes' logs under node-N/logs remain for diagnosis. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static CassandraCluster cluster;
  private static CqlSession session;

  /** Values written so far, by key. restartedNodesServeAll reads each of them back at consistency ALL. */
  private static final Map<String, Integer> written = new LinkedHashMap<>();

  @BeforeAll
  static void startClusterAndSchema() {
    cluster = CassandraCluster.start(dir, 3, NATIVE_PORT, STORAGE_PORT, TestCassandra.HEAP);
    session = connect(cluster.contactPoints());
    session.execute(
        "CREATE KEYSPACE cluster_test WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    session.execute("CREATE TABLE cluster_test.items (id text PRIMARY KEY, amount int)");
  }

  @AfterAll
  static void stopSessionAndCluster() {
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void allNodesUpServeAll() {
    assertEquals(3, cluster.size());
    assertEquals(List.of("127.0.0.1:19060", "127.0.0.2:19060", "127.0.0.3:19060"), cluster.contactPoints());
    for (int index = 0; index < 3; index++) {
      assertTrue(cluster.node(index).isAlive(), "node " + index + " is not running");
    }

    write("all-up", 1, ConsistencyLevel.ALL);

    assertEquals(1, readAtAll("all-up"));
  }

  @Test
  @Order(2)
  void oneNodeDownRejectsAll() {
    cluster.stop(2);
    assertFalse(cluster.node(2).isAlive(), "node 2 is still running");

    UnavailableException error = assertUnavailable("one-down-all", ConsistencyLevel.ALL);
    assertEquals(3, error.getRequired());
    assertEquals(2, error.getAlive());

    write("one-down-two", 2, ConsistencyLevel.TWO);
    write("one-down-quorum", 3, ConsistencyLevel.QUORUM);
  }

  @Test
  @Order(3)
  void twoNodesDownRejectsTwo() {
    cluster.stop(1);

    UnavailableException error = assertUnavailable("two-down-two", ConsistencyLevel.TWO);
    assertEquals(2, error.getRequired());
    assertEquals(1, error.getAlive());

    write("two-down-one", 4, ConsistencyLevel.ONE);
  }

  @Test
  @Order(4)
  void restartedNodesServeAll() {
    cluster.start(1);
    cluster.start(2);

    write("restarted-all", 5, ConsistencyLevel.ALL);

    for (Map.Entry<String, Integer> entry : written.entrySet()) {
      assertEquals(entry.getValue(), readAtAll(entry.getKey()), "value of " + entry.getKey());
    }
  }

  @Test
  @Order(5)
  void killedNodeCountsAsDown() {
    long pid = cluster.node(2).pid();

    cluster.kill(2);

    assertFalse(TestCassandra.isProcessAlive(pid), "Cassandra pid " + pid + " is still alive after kill");
    UnavailableException error = assertUnavailable("killed-all", ConsistencyLevel.ALL);
    assertEquals(2, error.getAlive());

    cluster.start(2);
    write("killed-restarted-all", 6, ConsistencyLevel.ALL);
    assertEquals(6, readAtAll("killed-restarted-all"));
  }

  private static void write(String id, int amount, ConsistencyLevel consistency) {
    session.execute(insert(id, amount, consistency));
    written.put(id, amount);
  }

  /**
   * Asserts that a write at {@code consistency} fails with an unavailable error. Such an error comes from
   * the coordinator before it sends the write, so it takes far less than Cassandra's write timeout (2 s).
   */
  private static UnavailableException assertUnavailable(String id, ConsistencyLevel consistency) {
    long started = System.nanoTime();
    UnavailableException error =
        assertThrows(UnavailableException.class, () -> session.execute(insert(id, 0, consistency)));
    log.info(
        "Write at {} failed after {} ms: {}",
        consistency,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        error.getMessage());
    return error;
  }

  private static int readAtAll(String id) {
    Row row =
        session
            .execute(
                SimpleStatement.newInstance("SELECT amount FROM cluster_test.items WHERE id = ?", id)
                    .setConsistencyLevel(ConsistencyLevel.ALL))
            .one();
    assertNotNull(row, "row " + id + " not found");
    return row.getInt("amount");
  }

  private static SimpleStatement insert(String id, int amount, ConsistencyLevel consistency) {
    return SimpleStatement.newInstance("INSERT INTO cluster_test.items (id, amount) VALUES (?, ?)", id, amount)
        .setConsistencyLevel(consistency);
  }

  /** Opens a session to all nodes whose retry policy passes every server error on unchanged. */
  private static CqlSession connect(List<String> contactPoints) {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
            .withClass(DefaultDriverOption.RETRY_POLICY_CLASS, RethrowRetryPolicy.class)
            .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
            .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
            .build();
    List<InetSocketAddress> addresses =
        contactPoints.stream()
            .map(contactPoint -> contactPoint.split(":"))
            .map(parts -> new InetSocketAddress(parts[0], Integer.parseInt(parts[1])))
            .toList();
    return CqlSession.builder()
        .addContactPoints(addresses)
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(config)
        .build();
  }
}
