package io.cohort.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The nodes of a local {@link CassandraCluster}: node {@code i} (0-based) listens on 127.0.0.(i+1) with
 * the shared ports and keeps its files in {@code baseDir/node-(i+1)}. The seeds are 127.0.0.1 and, in a
 * cluster of two or more nodes, 127.0.0.2.
 *
 * @param baseDir directory that contains one subdirectory per node
 * @param size number of nodes, 1 to 254 (the addresses 127.0.0.1 to 127.0.0.254)
 * @param nativePort CQL port of every node
 * @param storagePort internode port of every node
 * @param heap JVM heap of every node, such as {@code 512M}
 */
record ClusterLayout(Path baseDir, int size, int nativePort, int storagePort, String heap) {

  /** Maximum number of nodes: one per address from 127.0.0.1 to 127.0.0.254. */
  static final int MAX_SIZE = 254;

  /**
   * Start timeout of each node, as in the single-node tests. In CassandraClusterTest on a 2-core machine a
   * node responded to CQL 5 s to 13 s after its start, and 27 s while another Cassandra cluster ran there.
   */
  static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(120);


  ClusterLayout {
    Objects.requireNonNull(baseDir, "baseDir");
    baseDir = baseDir.toAbsolutePath().normalize();
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size = " + size + " is out of range; allowed: 1 to " + MAX_SIZE);
    }
  }

  /** Returns the loopback address of node {@code index}, such as 127.0.0.2 for index 1. */
  String address(int index) {
    Objects.checkIndex(index, size);
    return "127.0.0." + (index + 1);
  }

  /** Returns the CQL contact point of node {@code index} as {@code host:port}. */
  String contactPoint(int index) {
    return address(index) + ":" + nativePort;
  }

  /** Returns the node definition that {@link CassandraLauncher#start} runs for node {@code index}. */
  CassandraNode node(int index) {
    return new CassandraNode(
        baseDir.resolve("node-" + (index + 1)),
        address(index),
        nativePort,
        storagePort,
        seedAddresses(),
        heap,
        NODE_START_TIMEOUT,
        jvmOptions(index));
  }

  /**
   * Returns the seeds: nodes 0 and 1, or node 0 alone in a one-node cluster. With two seeds a node can
   * start again while either seed is stopped. Two seeds also keep {@link CassandraNode#isSingleNode()}
   * false on node 0, which would otherwise get the single-node settings of {@link CassandraJvmOptions}
   * and {@link CassandraConfigFiles}.
   */
  List<String> seedAddresses() {
    return size == 1 ? List.of(address(0)) : List.of(address(0), address(1));
  }

  /**
   * Builds the Cassandra system properties that make a node join quickly and notice a stopped peer
   * quickly. Each one is supported by Cassandra 5.0 (org.apache.cassandra.config.CassandraRelevantProperties).
   */
  List<String> jvmOptions(int index) {
    List<Long> tokens = InitialTokens.forNode(index, size, CassandraConfigFiles.NUM_TOKENS);
    return List.of(
        // The cluster starts empty, so a joining node has no data to stream. Without bootstrap a node
        // skips the bootstrap's waits for ring information and schema and its streaming step. On a restart
        // Cassandra uses the tokens saved in the node's system keyspace.
        "-Dcassandra.auto_bootstrap=false",
        // Fixed, evenly spaced tokens: every node owns the same share of the ring from its first start,
        // whatever it has heard over gossip by then.
        "-Dcassandra.initial_token=" + InitialTokens.asSetting(tokens),
        // At start each node sends a gossip message to the seeds, except to itself, and waits for a reply
        // for up to the ring delay (default 30 s). A seed then carries on alone, and a node that is no
        // seed fails to start. Node 0 of a fresh cluster waits the full delay, because seed node 1 is not
        // running yet: with 2000 ms that was 3.4 s, because the wait runs in steps of 1 s. A seed that runs
        // replies within milliseconds on loopback. Without bootstrap no other start step waits for it.
        "-Dcassandra.ring_delay_ms=2000",
        // Skips the wait of at least 8 s for the gossip member count to stay constant. CassandraCluster
        // checks instead that every node counts every other node as live.
        "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        // The failure detector starts each peer's mean heartbeat interval at this value (default 2000 ms).
        // Heartbeats arrive at most about 1 s apart, the gossip interval, so a peer killed soon after it
        // started is marked down sooner.
        "-Dcassandra.fd_initial_value_ms=1000",
        // Heartbeat intervals longer than this are left out of the mean. Without it, the gap while a peer
        // was stopped counts as one interval once it is back. For example, a 20 s gap among 30 intervals
        // of 1 s raises the mean, and so the time to mark the peer down, by 60 %.
        "-Dcassandra.fd_max_interval_ms=2000",
        // After it sends its peers the shutdown message, a node waits this long before it goes on with
        // the shutdown (default 2000 ms). The message needs a few milliseconds on loopback.
        "-Dcassandra.shutdown_announce_in_ms=500");
  }
}
