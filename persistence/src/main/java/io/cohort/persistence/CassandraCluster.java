package io.cohort.persistence;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Cassandra 5.0 cluster for tests: N nodes on 127.0.0.1 to 127.0.0.N that share the CQL and
 * storage ports, so a keyspace with replication factor N has a replica on every node. Each node runs as a
 * child JVM started by {@link CassandraLauncher}. A node can be stopped and started again on the same
 * directory, which keeps its data.
 *
 * <p>Node {@code i} (0-based) listens on 127.0.0.(i+1) and keeps its files in {@code baseDir/node-(i+1)}.
 * The seeds are 127.0.0.1 and 127.0.0.2, or 127.0.0.1 alone in a one-node cluster. Linux routes all of 127.0.0.0/8 to the loopback interface
 * without configuration; other systems may need an alias for each address.
 *
 * <p>Each method that changes a node waits until the running nodes agree on who is live, as checked by
 * {@link ClusterLiveness}: after {@link #stop} or {@link #kill} a write at consistency ALL fails at once
 * with an unavailable error, and after {@link #start(int)} it succeeds through any running node. The
 * cluster keeps a keyspace named {@value ClusterLiveness#KEYSPACE} for that check.
 *
 * <p>The methods are synchronized, so one thread changes the cluster at a time.
 */
public final class CassandraCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CassandraCluster.class);

  /**
   * Bound on each wait for the running nodes to agree on who is live. In eight runs of CassandraClusterTest
   * on a 2-core machine the wait took under 1 s after a graceful stop or a start, and 11.6 s to 13.2 s
   * after a SIGKILL, which the peers notice only through their failure detectors.
   */
  public static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(60);

  /** Bound on {@link #close()}'s wait for one node: its graceful stop plus the SIGKILL that may follow. */
  private static final Duration CLOSE_TIMEOUT_PER_NODE =
      EmbeddedCassandra.STOP_TIMEOUT.plus(CassandraProcess.KILL_TIMEOUT).plusSeconds(5);

  private final ClusterLayout layout;
  private final EmbeddedCassandra[] nodes;
  private boolean closed;

  private CassandraCluster(ClusterLayout layout) {
    this.layout = layout;
    this.nodes = new EmbeddedCassandra[layout.size()];
  }

  /**
   * Starts {@code size} nodes one after another, 127.0.0.1 first, and waits until every node
   * counts all of them as live. When any step fails, the nodes started so far are stopped.
   *
   * @param baseDir directory of the node directories; an existing one is reused with its data
   * @param size number of nodes, 1 to 254
   * @param nativePort CQL port of every node
   * @param storagePort internode port of every node
   * @param heap JVM heap of every node, such as {@code 512M}
   * @throws CassandraStartException when a node fails to start
   * @throws IllegalStateException when the nodes do not see each other live within {@link #LIVENESS_TIMEOUT}
   * @throws com.datastax.oss.driver.api.core.DriverException when the liveness keyspace cannot be created
   */
  public static CassandraCluster start(Path baseDir, int size, int nativePort, int storagePort, String heap) {
    CassandraCluster cluster = new CassandraCluster(new ClusterLayout(baseDir, size, nativePort, storagePort, heap));
    try {
      cluster.startAll();
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private synchronized void startAll() {
    long started = System.nanoTime();
    // One node at a time, so the nodes do not compete for the CPU while they start.
    // NOTE: Without bootstrap, Cassandra's rule against two nodes joining at once does not apply, so the
    // nodes after the first might start in parallel. That is untested.
    for (int index = 0; index < nodes.length; index++) {
      nodes[index] = CassandraLauncher.start(layout.node(index));
    }
    // Node 0 may not have received the last node's tokens yet. It then warns that the replication factor
    // exceeds the number of nodes, which is harmless: Cassandra places the replicas on the ring as it is
    // at each request, and the wait below requires every node to count all of them.
    ClusterLiveness.createProbeTable(cqlAddress(0), nodes.length);
    Duration agreement = awaitLiveness();
    log.info(
        "Cassandra cluster of {} nodes on {} is up after {} ms, of which {} ms went to the wait for every node to"
            + " count all of them as live",
        nodes.length,
        contactPoints(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        agreement.toMillis());
  }

  /** Returns the number of nodes, running or stopped. */
  public int size() {
    return nodes.length;
  }

  /** Returns the CQL contact point of every node as {@code host:port}, such as {@code 127.0.0.2:9042}. */
  public List<String> contactPoints() {
    return IntStream.range(0, nodes.length).mapToObj(layout::contactPoint).toList();
  }

  /**
   * Returns the handle of node {@code index} (0-based) from its last start. After {@link #stop} the handle
   * remains, and its {@link EmbeddedCassandra#isAlive()} returns false.
   */
  public synchronized EmbeddedCassandra node(int index) {
    Objects.checkIndex(index, nodes.length);
    return nodes[index];
  }

  /**
   * Stops node {@code index} with SIGTERM, which lets Cassandra drain and tell its peers that it is
   * shutting down, and waits until the process has exited and every running node counts it as down.
   *
   * @throws IllegalStateException when the node is not running or the other nodes do not count it as down
   *     within {@link #LIVENESS_TIMEOUT}
   */
  public synchronized void stop(int index) {
    shutDown(index, EmbeddedCassandra::stop, "stopped");
  }

  /**
   * Kills node {@code index} with SIGKILL, as a crash would, and waits until the process has exited and
   * every running node counts it as down. The peers notice only through their failure detectors, which
   * took 11.6 s to 13.2 s in CassandraClusterTest (see
   * {@link CassandraConfigFiles#MULTI_NODE_PHI_CONVICT_THRESHOLD}).
   *
   * @throws IllegalStateException when the node is not running or the other nodes do not count it as down
   *     within {@link #LIVENESS_TIMEOUT}
   */
  public synchronized void kill(int index) {
    shutDown(index, EmbeddedCassandra::kill, "killed");
  }

  private void shutDown(int index, Consumer<EmbeddedCassandra> action, String verb) {
    EmbeddedCassandra node = requireRunning(index);
    long started = System.nanoTime();
    action.accept(node);
    if (node.isAlive()) {
      throw new IllegalStateException(
          "Cassandra pid " + node.pid() + " on " + node.contactPoint() + " is still alive after it was " + verb);
    }
    long exited = System.nanoTime();
    Duration agreement = awaitLiveness();
    log.info(
        "Cassandra pid {} on {} {}: the process exited after {} ms, and the other nodes counted it as down {} ms"
            + " later",
        node.pid(),
        node.contactPoint(),
        verb,
        Duration.ofNanos(exited - started).toMillis(),
        agreement.toMillis());
  }

  /**
   * Starts node {@code index} again on its directory and address, and waits until every running node,
   * the started one included, counts all running nodes as live.
   *
   * @throws IllegalStateException when the node is already running or the nodes do not see each other live
   *     within {@link #LIVENESS_TIMEOUT}; the node keeps running then, and {@link #close()} stops it
   * @throws CassandraStartException when the node fails to start
   */
  public synchronized void start(int index) {
    requireOpen();
    Objects.checkIndex(index, nodes.length);
    if (nodes[index].isAlive()) {
      throw new IllegalStateException(
          "Node " + index + " (" + layout.contactPoint(index) + ") is already running as pid "
              + nodes[index].pid()
              + "; stop it first with stop("
              + index
              + ")");
    }
    nodes[index] = CassandraLauncher.start(layout.node(index));
    Duration agreement = awaitLiveness();
    log.info(
        "Cassandra pid {} on {} started again after {} ms; every running node counted it as live {} ms later",
        nodes[index].pid(),
        nodes[index].contactPoint(),
        nodes[index].startDuration().toMillis(),
        agreement.toMillis());
  }

  /**
   * Stops every running node, all at the same time, and waits for each to exit. Calling it again does
   * nothing. It also stops nodes after a failed {@link #start(int)} or {@link #stop(int)}.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Thread> stoppers = new ArrayList<>();
    for (EmbeddedCassandra node : nodes) {
      if (node != null && node.isAlive()) {
        Thread stopper = new Thread(node::stop, "cassandra-cluster-stop-" + node.pid());
        stopper.start();
        stoppers.add(stopper);
      }
    }
    for (Thread stopper : stoppers) {
      joinStopper(stopper);
    }
  }

  private static void joinStopper(Thread stopper) {
    try {
      stopper.join(CLOSE_TIMEOUT_PER_NODE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      log.error("{} did not finish within {}; its Cassandra node may still run", stopper.getName(), CLOSE_TIMEOUT_PER_NODE);
    }
  }

  /** Waits until every running node counts exactly the running nodes as live. */
  private Duration awaitLiveness() {
    List<InetSocketAddress> running =
        IntStream.range(0, nodes.length).filter(this::isRunning).mapToObj(this::cqlAddress).toList();
    if (running.isEmpty()) {
      return Duration.ZERO;
    }
    return ClusterLiveness.awaitLiveCount(running, running.size(), nodes.length, LIVENESS_TIMEOUT);
  }

  private boolean isRunning(int index) {
    return nodes[index] != null && nodes[index].isAlive();
  }

  private InetSocketAddress cqlAddress(int index) {
    return new InetSocketAddress(layout.address(index), layout.nativePort());
  }

  private EmbeddedCassandra requireRunning(int index) {
    requireOpen();
    Objects.checkIndex(index, nodes.length);
    if (!isRunning(index)) {
      throw new IllegalStateException(
          "Node " + index + " (" + layout.contactPoint(index) + ") is not running; start it with start(" + index + ")");
    }
    return nodes[index];
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The Cassandra cluster is closed");
    }
  }
}
