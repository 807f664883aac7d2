package io.cohort.persistence;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks over CQL, without nodetool or JMX, how many nodes of a local cluster each running node counts
 * as live.
 *
 * <p>The check reads one row at consistency ALL from a probe table whose keyspace has one replica on
 * every node (SimpleStrategy with replication factor equal to the cluster size), once with each running
 * node as the coordinator. Before it sends the read, a coordinator counts the replicas that its failure
 * detector marks alive. If that count is below the replication factor, it rejects the read at once with
 * an unavailable error that states the count. Otherwise it reads from all replicas and succeeds. So the
 * read fails fast exactly when the coordinator's failure detector marks a node down, which is the state
 * that a caller who stops a node needs. The read also fails while a node's tokens have not yet reached the coordinator,
 * because the replica count is then below the replication factor.
 *
 * <p>NOTE: The count does not name the nodes. A coordinator that counted a stopped node as live and a
 * running node as down at the same moment would pass the check with the right count.
 */
final class ClusterLiveness {
  private static final Logger log = LoggerFactory.getLogger(ClusterLiveness.class);

  /** Keyspace of the probe table, which {@link #createProbeTable} creates with one replica per node. */
  static final String KEYSPACE = "cohort_cluster_probe";

  static final String TABLE = "liveness";

  /** Pause between two rounds of checks. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  /** Bound on each step of connecting to a coordinator: TCP connect, handshake, control queries. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Bound on each statement that creates the probe keyspace or table. */
  private static final Duration SCHEMA_CHANGE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Bound on the probe read. A coordinator that still counts a stopped node as live sends it the read and
   * waits for Cassandra's read timeout of 5 s, so the driver gives up sooner and the next round reads
   * again. A read that all replicas serve takes milliseconds.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /** Upper bound on the rounds of one wait, in addition to its time bound. */
  private static final int MAX_ROUNDS = 1_000;

  private ClusterLiveness() {}

  /**
   * Creates the probe keyspace with {@code replicationFactor} replicas and its table, unless they exist.
   *
   * @throws DriverException when the node cannot be reached or rejects the statements
   */
  static void createProbeTable(InetSocketAddress coordinator, int replicationFactor) {
    try (CqlSession session = openSession(coordinator)) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS "
              + KEYSPACE
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
              + replicationFactor
              + "}");
      session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + TABLE + " (id int PRIMARY KEY)");
    }
  }

  /**
   * Polls until every coordinator counts exactly {@code expectedLive} live nodes out of {@code size}.
   *
   * <p>The wait may overrun {@code timeout} by one round of checks: per coordinator, the steps of
   * connecting (each bounded by 5 s) and the read (bounded by 1 s).
   *
   * @return how long the wait took
   * @throws IllegalStateException when the counts do not match within {@code timeout} or 1000 rounds,
   *     with the last count of every coordinator
   */
  static Duration awaitLiveCount(
      List<InetSocketAddress> coordinators, int expectedLive, int size, Duration timeout) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    List<View> views = List.of();
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      views = coordinators.stream().map(coordinator -> observe(coordinator, size)).toList();
      if (views.stream().allMatch(view -> view.countsExactly(expectedLive))) {
        return Duration.ofNanos(System.nanoTime() - started);
      }
      if (System.nanoTime() - deadline >= 0 || !sleep(POLL_INTERVAL)) {
        break;
      }
    }
    throw new IllegalStateException(
        "Timed out after "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms waiting for every running node to count "
            + expectedLive
            + " of "
            + size
            + " nodes as live; last counts: "
            + views.stream().map(View::toString).collect(Collectors.joining("; "))
            + ". The nodes' logs/system.log files under the cluster directory may show why.");
  }

  /** Reads the probe row at consistency ALL with {@code coordinator} as the only coordinator. */
  private static View observe(InetSocketAddress coordinator, int size) {
    SimpleStatement read =
        SimpleStatement.newInstance("SELECT id FROM " + KEYSPACE + "." + TABLE + " WHERE id = 0")
            .setConsistencyLevel(ConsistencyLevel.ALL)
            .setTimeout(READ_TIMEOUT);
    try (CqlSession session = openSession(coordinator)) {
      session.execute(read);
      return new View(coordinator, size, null);
    } catch (DriverException e) {
      Optional<UnavailableException> unavailable = findUnavailable(e);
      if (unavailable.isPresent()) {
        return new View(coordinator, unavailable.get().getAlive(), null);
      }
      log.debug("Liveness check through {} failed; retrying", coordinator, e);
      return new View(coordinator, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Returns the unavailable error behind {@code e}. The driver's default retry policy tries the next
   * coordinator after an unavailable error, and with none left it reports the error inside an
   * AllNodesFailedException.
   */
  private static Optional<UnavailableException> findUnavailable(DriverException e) {
    if (e instanceof UnavailableException unavailable) {
      return Optional.of(unavailable);
    }
    if (e instanceof AllNodesFailedException allFailed) {
      List<Throwable> errors = new ArrayList<>();
      allFailed.getAllErrors().values().forEach(errors::addAll);
      return errors.stream()
          .filter(UnavailableException.class::isInstance)
          .map(UnavailableException.class::cast)
          .findFirst();
    }
    return Optional.empty();
  }

  /** Opens a session that sends every request to {@code coordinator} and ignores the other nodes. */
  private static CqlSession openSession(InetSocketAddress coordinator) {
    return CqlProbe.openSingleNodeSession(coordinator, "cohort-cluster-probe", CONNECT_TIMEOUT, SCHEMA_CHANGE_TIMEOUT);
  }

  /** Sleeps and returns true, or returns false when interrupted, with the interrupt flag set again. */
  private static boolean sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The live-node count that one coordinator reported, or why the check failed.
   *
   * @param coordinator CQL address of the node that coordinated the read
   * @param liveNodes nodes that the coordinator counts as live, itself included, or -1 when the check failed
   * @param problem why the check failed, or null
   */
  record View(InetSocketAddress coordinator, int liveNodes, String problem) {
    boolean countsExactly(int expected) {
      return liveNodes == expected;
    }

    @Override
    public String toString() {
      String host = coordinator.getAddress().getHostAddress() + ":" + coordinator.getPort();
      return problem == null ? host + " counts " + liveNodes : host + " failed (" + problem + ")";
    }
  }
}
