package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.JournalAudit;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.chaos.harness.NetworkFaults;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.chaos.harness.Workload;
import io.cohort.chaos.history.History;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Five nodes split by a network partition into {1, 2} and {3, 4, 5}, with clients on both sides. The
 * downing provider (keep-majority) must make the minority stop by itself while the majority serves every
 * partition. Afterwards no acknowledged write is lost, the history is linearizable and no journal shows two
 * writers.
 */
class FiveNodePartitionTest {
  private static final Logger log = LoggerFactory.getLogger(FiveNodePartitionTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DIR = Path.of("target", "five-node-partition");
  private static final List<String> MINORITY = List.of(ChaosCluster.addressOf(1), ChaosCluster.addressOf(2));
  private static final List<String> MAJORITY =
      List.of(ChaosCluster.addressOf(3), ChaosCluster.addressOf(4), ChaosCluster.addressOf(5));
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void minorityStopsMajorityServes() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add("split-" + i);
    }
    try (ChaosCluster cluster = new ChaosCluster(DIR, List.of()); NetworkFaults network = new NetworkFaults()) {
      cluster.startCassandra();
      cluster.startNodes(5, Duration.ofSeconds(240));
      assertEquals(0, PartitionProbes.writeUntilAccepted(cluster.node(3).baseUrl(),
          PartitionProbes.keyPerPartition(256), PHASE_TIMEOUT), "partitions refusing writes before the cut");
      String minorityNode = cluster.node(1).baseUrl();
      List<String> minorityKeys = PartitionProbes.keysOn(minorityNode, minorityNode, 256, 4);

      // Clients 0 to 2 use the minority's nodes, clients 3 to 5 the majority's.
      CompletableFuture<History> clients = CompletableFuture.supplyAsync(() -> {
        try {
          return Workload.run(new Workload.Settings(6, keys, Duration.ofSeconds(60), 0.4, Workload.seed(3)),
              client -> cluster.node(client < 3 ? 1 + client % 2 : 3 + client % 3).baseUrl());
        } catch (Exception e) {
          throw new IllegalStateException("workload failed: " + e, e);
        }
      });
      Thread.sleep(10_000);
      long cutAt = System.nanoTime();
      network.partition(MINORITY, MAJORITY);
      log.info("phase partition: cut {} from {}", MINORITY, MAJORITY);

      KvHttp.Result refused = awaitNoMajority(cluster.node(1), minorityKeys, cutAt);
      assertEquals(503, refused.status(), refused.body());
      assertTrue(refused.body().contains("urn:cohort:problem:no-majority"), refused.body());
      awaitExit(cluster.node(1), cutAt);
      awaitExit(cluster.node(2), cutAt);
      int rejecting = PartitionProbes.writeUntilAccepted(cluster.node(3).baseUrl(),
          PartitionProbes.keyPerPartition(256), PHASE_TIMEOUT);
      assertEquals(0, rejecting, "partitions refusing writes on the majority");
      log.info("phase partition: the majority accepted writes in every partition {} s after the cut",
          Math.round((System.nanoTime() - cutAt) / 1e8) / 10.0);
      assertEquals(3, memberCount(cluster.node(3)), "members seen by the majority");

      History history = clients.get();
      network.healAll();
      log.info("phase heal: network healed");

      HistoryAssertions.assertHolds("check", history,
          PartitionProbes.readAll(cluster.node(3).baseUrl(), keys, PHASE_TIMEOUT), DIR.resolve("history.txt"));
      List<JournalAudit.Violation> overwrites =
          JournalAudit.findOverwrites(ChaosCluster.CASSANDRA_HOST, ChaosCluster.CQL_PORT);
      long events = JournalAudit.countEvents(ChaosCluster.CASSANDRA_HOST, ChaosCluster.CQL_PORT);
      log.info("phase audit: {} journal events, {} overwritten by a second writer", events, overwrites.size());
      assertTrue(events > 100, "journal events seen by the audit: " + events);
      assertTrue(overwrites.isEmpty(), "journals with two writers: " + overwrites);
    }
  }

  /**
   * Writes to partitions that run on a minority node until one is refused because the node cannot reach a
   * majority, which must happen before the node stops. Returns that response, or the last one seen.
   */
  private static KvHttp.Result awaitNoMajority(NodeProcess node, List<String> keys, long cutAt)
      throws InterruptedException {
    long deadline = cutAt + Duration.ofSeconds(30).toNanos();
    KvHttp.Result last = null;
    while (node.isAlive() && System.nanoTime() < deadline) {
      for (String key : keys) {
        last = KvHttp.send(node.baseUrl(), "PUT", "/v1/kv/" + key, "\"cut\"", Duration.ofSeconds(1));
        if (last.body().contains("no-majority")) {
          log.info("phase partition: {} refused a write with no-majority {} s after the cut", node.spec().name(),
              Math.round((System.nanoTime() - cutAt) / 1e8) / 10.0);
          return last;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(node.spec().name() + " never refused a write with no-majority before it stopped;"
        + " last response: " + last);
  }

  /** Waits for a minority node to exit: the downing provider downs it, and coordinated shutdown ends it. */
  private static void awaitExit(NodeProcess node, long cutAt) throws InterruptedException {
    long deadline = cutAt + PHASE_TIMEOUT.toNanos();
    while (node.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertFalse(node.isAlive(), node.spec().name() + " still running " + PHASE_TIMEOUT.toSeconds()
        + " s after it was cut off from the majority");
    log.info("phase partition: {} stopped by itself {} s after the cut", node.spec().name(),
        Math.round((System.nanoTime() - cutAt) / 1e8) / 10.0);
  }

  private static int memberCount(NodeProcess node) throws Exception {
    KvHttp.Result result = KvHttp.getPath(node.baseUrl(), "/v1/cluster");
    assertEquals(200, result.status(), result.body());
    return MAPPER.readTree(result.body()).get("members").size();
  }

}
