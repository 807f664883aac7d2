package io.cohort.multijvm;

import io.cohort.local.NodeConfigs;
import io.cohort.local.NodeProcess;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an embedded Cassandra and Cohort node processes on 127.0.0.1 for one test class, and stops every
 * process it started in {@link #close()}. Ports sit away from {@code bin/cohort local}'s defaults, so a
 * developer's local cluster does not clash with a test run.
 */
final class ClusterHarness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterHarness.class);
  static final String HOST = "127.0.0.1";
  static final int CQL_PORT = 19142;
  static final int HTTP_PORT = 18081;
  static final int ARTERY_PORT = 12551;

  private final Path dir;
  private EmbeddedCassandra cassandra;
  private final List<NodeProcess> nodes = new ArrayList<>();

  /** Uses {@code dir} for all data and logs, after deleting what an earlier run left there. */
  ClusterHarness(Path dir) throws java.io.IOException {
    this.dir = dir.toAbsolutePath();
    if (java.nio.file.Files.exists(this.dir)) {
      try (var paths = java.nio.file.Files.walk(this.dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(path);
        }
      }
    }
  }

  void startCassandra() {
    CassandraNode node = new CassandraNode(dir.resolve("cassandra"), HOST, CQL_PORT, CQL_PORT + 1,
        List.of(HOST), "1G", Duration.ofSeconds(240), List.of());
    cassandra = CassandraLauncher.start(node);
    log.info("Cassandra {} up in {} ms (pid {})", cassandra.releaseVersion(),
        cassandra.startDuration().toMillis(), cassandra.pid());
  }

  /** Starts {@code count} nodes whose seeds are the first (up to) three of them, and waits until all are ready. */
  List<NodeProcess> startNodes(int count, Duration readyTimeout) throws Exception {
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < Math.min(count, 3); i++) {
      seeds.add(HOST + ":" + (ARTERY_PORT + i));
    }
    for (int i = 0; i < count; i++) {
      String name = "node-" + (i + 1);
      Path nodeDir = dir.resolve(name);
      String config = NodeConfigs.localNode(HOST, ARTERY_PORT + i, HTTP_PORT + i, seeds,
          List.of(cassandra.contactPoint()), nodeDir.toString());
      nodes.add(NodeProcess.start(new NodeProcess.NodeSpec(
          name, nodeDir, config, HOST, HTTP_PORT + i, testClasspath(), List.of("-Xms256m", "-Xmx512m"))));
    }
    for (NodeProcess node : nodes) {
      node.awaitReady(readyTimeout);
      log.info("{} ready at {} (pid {})", node.spec().name(), node.baseUrl(), node.pid());
    }
    return List.copyOf(nodes);
  }

  /** The classpath of this test JVM, which holds every Cohort module and its dependencies. */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      node.requestStop();
    }
    for (NodeProcess node : nodes) {
      try {
        node.stop(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (cassandra != null) {
      cassandra.stop();
    }
  }
}
