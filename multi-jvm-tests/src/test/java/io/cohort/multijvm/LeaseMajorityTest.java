package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.PartitionProbes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko's split-brain resolver with its lease-majority strategy on Cohort's Cassandra lease: after
 * {@code kill -9} of one node of three, a survivor takes the lease before it downs the dead node, and every
 * partition accepts writes again.
 */
@Tag("chaos")
class LeaseMajorityTest {
  private static final Logger log = LoggerFactory.getLogger(LeaseMajorityTest.class);
  private static final Path DIR = Path.of("target", "lease-majority");
  private static final List<String> SETTINGS = List.of(
      "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
      "pekko.cluster.split-brain-resolver.active-strategy = lease-majority",
      "pekko.cluster.split-brain-resolver.lease-majority.lease-implementation = \"cohort.lease.cassandra\"");

  @Test
  void killedNodeDownedUnderLease() throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(DIR, SETTINGS)) {
      cluster.startCassandra();
      cluster.startNodes(3, Duration.ofSeconds(180));
      List<String> probes = PartitionProbes.keyPerPartition(256);
      String survivor = cluster.node(1).baseUrl();
      assertEquals(0, PartitionProbes.writeUntilAccepted(survivor, probes, Duration.ofSeconds(60)), "before the kill");

      long killedAt = System.nanoTime();
      cluster.node(3).kill();
      int failing = PartitionProbes.writeUntilAccepted(survivor, probes, Duration.ofSeconds(60));
      log.info("phase lease-majority: every partition took a write {} ms after the kill",
          Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

      assertEquals(0, failing, "partitions refusing writes 60 s after the kill");
      assertEquals(2, ExtendedFaultsTest.upMembers(cluster.node(1)), "Up members after the kill");
      String leaderLog = Files.readString(DIR.resolve("node-1").resolve("node.out"))
          + Files.readString(DIR.resolve("node-2").resolve("node.out"));
      assertTrue(leaderLog.contains("acquired lease"), "a survivor's resolver logged that it acquired the lease");
    }
  }
}
