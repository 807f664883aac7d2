package io.cohort.chaos.harness;

import io.cohort.local.NodeConfigs;
import io.cohort.local.NodeProcess;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.persistence.CassandraCluster;
import io.cohort.persistence.CassandraSchema;
import io.cohort.persistence.JournalConfig;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cassandra and Cohort node processes for fault-injection tests, each node on its own loopback address
 * (node 1 on 127.0.0.11, node 2 on 127.0.0.12, ...) with the same ports, so that {@link NetworkFaults} can
 * cut single links and a node restarts on the same address and port. {@link #close()} stops every process
 * this cluster started, whatever state the test left it in.
 *
 * <p>Ports sit away from {@code bin/cohort local}'s defaults, so a developer's local cluster does not clash
 * with a test run.
 */
public final class ChaosCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChaosCluster.class);
  public static final String CASSANDRA_HOST = "127.0.0.1";
  public static final int CQL_PORT = 19142;
  public static final int HTTP_PORT = 18080;
  public static final int ARTERY_PORT = 25520;
  private static final int MAX_SEEDS = 3;

  private final Path dir;
  private final List<String> extraConfig;
  private EmbeddedCassandra cassandra;
  private CassandraCluster cassandraCluster;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final java.util.Map<Integer, List<String>> nodeConfig = new java.util.HashMap<>();
  private int nodeCount;
  private Thread stopOnExit;

  /**
   * Uses {@code dir} for all data and logs, after deleting what an earlier run left there.
   *
   * @param extraConfig HOCON lines added to every node's configuration
   */
  public ChaosCluster(Path dir, List<String> extraConfig) throws IOException {
    this.dir = dir.toAbsolutePath();
    this.extraConfig = List.copyOf(extraConfig);
    deleteRecursively(this.dir);
  }

  /** Returns the loopback address of node {@code index} (from 1). */
  public static String addressOf(int index) {
    return "127.0.0." + (10 + index);
  }

  public void startCassandra() {
    CassandraNode node = new CassandraNode(dir.resolve("cassandra"), CASSANDRA_HOST, CQL_PORT, CQL_PORT + 1,
        List.of(CASSANDRA_HOST), "1G", Duration.ofSeconds(240), List.of());
    cassandra = CassandraLauncher.start(node);
    log.info("Cassandra {} up in {} ms (pid {})", cassandra.releaseVersion(),
        cassandra.startDuration().toMillis(), cassandra.pid());
  }

  /**
   * Starts a Cassandra cluster of {@code size} nodes on 127.0.0.1 to 127.0.0.{size} instead of the single
   * node of {@link #startCassandra()}, for tests that stop journal replicas. Cohort nodes then list every
   * Cassandra node as a contact point.
   */
  public CassandraCluster startCassandraCluster(int size) {
    cassandraCluster = CassandraCluster.start(dir.resolve("cassandra"), size, CQL_PORT, CQL_PORT + 1, "768M");
    // With several Cassandra nodes, nodes that create the same tables at once leave the schema in
    // disagreement, so the schema the nodes share is created here first, from one client.
    Config nodeConfig = CohortConfig.withDefaults(
        JournalConfig.forContactPoints(cassandraCluster.contactPoints(), "datacenter1")
            .withFallback(ConfigFactory.parseString(String.join("\n", extraConfig))));
    CassandraSchema.ensureAll(nodeConfig, List.of(JournalConfig.PLUGIN_PATH, "cohort.registry-store"),
        Duration.ofMinutes(2));
    return cassandraCluster;
  }

  private List<String> contactPoints() {
    return cassandraCluster != null ? cassandraCluster.contactPoints() : List.of(cassandra.contactPoint());
  }

  /** Starts nodes 1 to {@code count}, the first three of them seeds, and waits until all are ready. */
  public List<NodeProcess> startNodes(int count, Duration readyTimeout) throws Exception {
    nodeCount = count;
    for (int index = 1; index <= count; index++) {
      nodes.add(startNode(index));
    }
    for (NodeProcess node : nodes) {
      node.awaitReady(readyTimeout);
      log.info("{} ready at {} (pid {})", node.spec().name(), node.baseUrl(), node.pid());
    }
    return List.copyOf(nodes);
  }

  /**
   * Adds HOCON lines to the configuration of node {@code index} (from 1), after the lines every node gets, such
   * as {@code pekko.cluster.roles = ["data", "timeline"]}. Applies to starts and restarts after this call.
   */
  public void configureNode(int index, List<String> lines) {
    nodeConfig.put(index, List.copyOf(lines));
  }

  /** Starts one more node after the running ones, with the same seeds, and waits until it is ready. */
  public NodeProcess addNode(Duration readyTimeout) throws Exception {
    NodeProcess started = startNode(nodes.size() + 1);
    nodes.add(started);
    started.awaitReady(readyTimeout);
    log.info("{} added at {} (pid {})", started.spec().name(), started.baseUrl(), started.pid());
    return started;
  }

  /** Returns node {@code index} (from 1) as currently running; see {@link #restart(int, Duration)}. */
  public NodeProcess node(int index) {
    return nodes.get(index - 1);
  }

  /** Starts node {@code index} again on the same address, ports and directory, and waits until it is ready. */
  public NodeProcess restart(int index, Duration readyTimeout) throws Exception {
    NodeProcess old = node(index);
    if (old.isAlive()) {
      throw new IllegalStateException(old.spec().name() + " (pid " + old.pid() + ") is still running");
    }
    NodeProcess started = startNode(index);
    nodes.set(index - 1, started);
    started.awaitReady(readyTimeout);
    log.info("{} restarted at {} (pid {})", started.spec().name(), started.baseUrl(), started.pid());
    return started;
  }

  /** Stops the process with SIGSTOP, as a long garbage-collection pause or a frozen VM would. */
  public void pause(NodeProcess node) {
    signal(node, "STOP");
  }

  /** Resumes a process stopped by {@link #pause(NodeProcess)}. */
  public void resume(NodeProcess node) {
    signal(node, "CONT");
  }

  private NodeProcess startNode(int index) throws IOException {
    String name = "node-" + index;
    Path nodeDir = dir.resolve(name);
    String host = addressOf(index);
    List<String> seeds = new ArrayList<>();
    for (int seed = 1; seed <= Math.min(nodeCount, MAX_SEEDS); seed++) {
      seeds.add(addressOf(seed) + ":" + ARTERY_PORT);
    }
    String config = NodeConfigs.localNode(host, ARTERY_PORT, HTTP_PORT, seeds,
        contactPoints(), nodeDir.toString()) + String.join("\n", extraConfig) + "\n"
        + String.join("\n", nodeConfig.getOrDefault(index, List.of())) + "\n";
    return NodeProcess.start(new NodeProcess.NodeSpec(
        name, nodeDir, config, host, HTTP_PORT, testClasspath(), List.of("-Xms256m", "-Xmx512m")));
  }

  /** Returns the classpath of this JVM, which contains every Cohort module and its dependencies. */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static void signal(NodeProcess node, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + node.pid() + " failed");
      }
      log.info("sent SIG{} to {} (pid {})", signal, node.spec().name(), node.pid());
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + signal + " " + node.pid() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Stops every process of this cluster also when the JVM exits without reaching {@link #close()}, such as a
   * benchmark command stopped with SIGTERM or Ctrl-C. Returns this cluster.
   */
  public ChaosCluster stopOnJvmExit() {
    stopOnExit = new Thread(this::stopAll, "chaos-cluster-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    return this;
  }

  @Override
  public void close() {
    stopAll();
    if (stopOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down, so the hook runs too, and stopAll tolerates a second call.
      }
    }
  }

  private void stopAll() {
    for (NodeProcess node : nodes) {
      // A paused process ignores SIGTERM until it is resumed.
      if (node.isAlive()) {
        signalQuietly(node, "CONT");
        node.requestStop();
      }
    }
    for (NodeProcess node : nodes) {
      try {
        node.stop(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (cassandraCluster != null) {
      cassandraCluster.close();
    }
    if (cassandra != null) {
      cassandra.stop();
    }
  }

  private static void signalQuietly(NodeProcess node, String signal) {
    try {
      signal(node, signal);
    } catch (IllegalStateException e) {
      log.warn("could not send SIG{} to {}: {}", signal, node.spec().name(), e.getMessage());
    }
  }
}
