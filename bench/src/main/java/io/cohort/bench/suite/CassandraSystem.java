package io.cohort.bench.suite;

import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.CassandraStartException;
import io.cohort.persistence.EmbeddedCassandra;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cassandra used directly: one node started with the persistence module's launcher, with the same release,
 * heap and ports as the Cassandra that {@code bin/cohort local} embeds. The YCSB binding creates a keyspace
 * with replication factor 1 and reads and writes at QUORUM, the level of Cohort's journal writes.
 */
final class CassandraSystem implements SystemUnderTest {
  static final String HOST = "127.0.0.1";
  static final int CQL_PORT = 9042;
  /** The same heap as LocalCluster gives its embedded Cassandra. */
  static final String HEAP = "1G";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path root;
  private final Path dir;
  private final ProcessTracker tracker;
  private EmbeddedCassandra cassandra;
  private Runnable trackedStop;

  CassandraSystem(Path root, ProcessTracker tracker) {
    this.root = root;
    this.dir = DataDirectory.of(root, "cassandra");
    this.tracker = tracker;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.CASSANDRA;
  }

  @Override
  public void start() throws IOException {
    DataDirectory.reset(root, dir);
    CassandraNode node = new CassandraNode(dir, HOST, CQL_PORT, CQL_PORT + 1, List.of(HOST), HEAP, START_TIMEOUT,
        List.of());
    BenchLog.info("starting Cassandra on " + node.contactPoint() + " (data in " + dir + ")");
    try {
      cassandra = CassandraLauncher.start(node);
    } catch (CassandraStartException e) {
      throw new IOException("Cassandra failed to start: " + e.getMessage(), e);
    }
    EmbeddedCassandra started = cassandra;
    trackedStop = started::stop;
    tracker.trackStop(trackedStop);
    ProcessHandle.of(started.pid()).ifPresent(tracker::watch);
    BenchLog.info("Cassandra " + started.releaseVersion() + " is up (pid " + started.pid() + ")");
  }

  @Override
  public List<ServerProcess> serverProcesses() {
    return cassandra == null ? List.of() : List.of(new ServerProcess("Cassandra", cassandra.pid()));
  }

  @Override
  public Map<String, String> bindingProperties() {
    return Map.of(
        "cassandra.contact-point", HOST + ":" + CQL_PORT,
        "cassandra.keyspace", "ycsb",
        "cassandra.replication-factor", "1",
        "cassandra.write-consistency", "QUORUM",
        "cassandra.read-consistency", "QUORUM");
  }

  @Override
  public List<String> settings() {
    List<String> settings = new ArrayList<>();
    if (cassandra != null) {
      settings.add("Cassandra " + cassandra.releaseVersion() + ", one node started by `CassandraLauncher` on "
          + cassandra.contactPoint() + ", JVM heap `" + JvmHeap.maxHeapOption(cassandra.pid()) + "`.");
    }
    settings.add("Keyspace `ycsb` with replication factor 1; writes and reads at QUORUM, which with one replica"
        + " waits for that replica.");
    settings.add("YCSB binding `" + kind().bindingClass() + "` with " + describe(bindingProperties()) + ".");
    return settings;
  }

  @Override
  public void stop() {
    if (cassandra != null) {
      BenchLog.info("stopping Cassandra (pid " + cassandra.pid() + ")");
      cassandra.stop();
      tracker.forget(trackedStop);
    }
  }

  static String describe(Map<String, String> properties) {
    List<String> items = new ArrayList<>();
    properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> items.add("`" + entry.getKey() + "=" + entry.getValue() + "`"));
    return String.join(", ", items);
  }
}
