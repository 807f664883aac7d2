package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.chaos.harness.NetworkFaults;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slower fault scenarios, run by {@code bin/cohort chaos} rather than the default test command: the node
 * running the shard coordinator killed and restarted in place, and a one-way network cut.
 */
@Tag("chaos")
class ExtendedFaultsTest {
  private static final Logger log = LoggerFactory.getLogger(ExtendedFaultsTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /** Node 1 is the oldest member, so it runs the shard coordinator singleton. */
  @Test
  void coordinatorKilledAndRestartedServesAgain() throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(Path.of("target", "coordinator-restart"), List.of())) {
      cluster.startCassandra();
      cluster.startNodes(3, READY_TIMEOUT);
      List<String> probes = PartitionProbes.keyPerPartition(256);
      assertEquals(0, PartitionProbes.writeUntilAccepted(cluster.node(2).baseUrl(), probes, Duration.ofSeconds(60)), "before the kill");

      long killedAt = System.nanoTime();
      cluster.node(1).kill();
      log.info("phase coordinator: killed node-1, restarting it on the same address");
      NodeProcess restarted = cluster.restart(1, READY_TIMEOUT);
      double restartSeconds = secondsSince(killedAt);

      int failing = PartitionProbes.writeUntilAccepted(restarted.baseUrl(), probes, Duration.ofSeconds(30));
      log.info("phase coordinator: node-1 back after {} s; {} partitions refusing writes 30 s later",
          restartSeconds, failing);
      assertEquals(0, failing, "partitions refusing writes 30 s after the restarted node was ready");
      assertEquals(3, upMembers(cluster.node(2)), "Up members after the restart");
    }
  }

  /**
   * Node 2 can no longer send to node 3, but both still reach node 1: only one of them may be removed.
   *
   * <p>Pekko's split-brain resolver downs both ends of such a cut (DownIndirectlyConnected); Cohort's downing
   * provider removes one of them.
   */
  @Test
  void oneWayCutRemovesOnlyOneSide() throws Exception {
    assertOneWayCutRemovesOne(2, 3, 1, Path.of("target", "one-way-cut"));
  }

  /**
   * Node 1, the leader, can no longer send to node 2. Each end then counts itself leader of the members it
   * reaches, so only node 3, which no one reports unreachable, may decide.
   */
  @Test
  void leaderCutRemovesOneSide() throws Exception {
    assertOneWayCutRemovesOne(1, 2, 3, Path.of("target", "one-way-cut-leader"));
  }

  private static void assertOneWayCutRemovesOne(int from, int to, int bystander, Path dir) throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(dir, List.of()); NetworkFaults network = new NetworkFaults()) {
      cluster.startCassandra();
      cluster.startNodes(3, READY_TIMEOUT);
      network.cutOneWay(ChaosCluster.addressOf(from), ChaosCluster.addressOf(to));
      long cutAt = System.nanoTime();

      long deadline = cutAt + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && cluster.node(from).isAlive() && cluster.node(to).isAlive()) {
        Thread.sleep(500);
      }
      Thread.sleep(10_000);
      int alive = 0;
      for (int index = 1; index <= 3; index++) {
        alive += cluster.node(index).isAlive() ? 1 : 0;
      }
      log.info("phase one-way cut {} to {}: {} of 3 nodes alive {} s after the cut", from, to, alive,
          secondsSince(cutAt));
      assertTrue(cluster.node(bystander).isAlive(), "node-" + bystander + " reaches both ends and must stay");
      assertEquals(2, alive, "exactly one of node-" + from + " and node-" + to + " is removed");
      network.healAll();
      NodeProcess survivor = cluster.node(bystander);
      assertEquals(0, PartitionProbes.writeUntilAccepted(survivor.baseUrl(), PartitionProbes.keyPerPartition(256),
          Duration.ofSeconds(60)), "partitions refusing writes after the cut");
    }
  }

  static int upMembers(NodeProcess node) throws Exception {
    KvHttp.Result result = KvHttp.getPath(node.baseUrl(), "/v1/cluster");
    assertEquals(200, result.status(), result.body());
    int up = 0;
    for (JsonNode member : MAPPER.readTree(result.body()).get("members")) {
      up += member.get("status").asText().equals("Up") ? 1 : 0;
    }
    return up;
  }

  private static double secondsSince(long start) {
    return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
  }
}
