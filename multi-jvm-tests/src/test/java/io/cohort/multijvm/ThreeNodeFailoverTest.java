package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.chaos.harness.Workload;
import io.cohort.chaos.history.History;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults on a three-node cluster under a recorded client workload: a 2 s SIGSTOP that must not cost the node
 * its membership, then a {@code kill -9} of a node hosting partitions. After each, every acknowledged write is
 * present and the history of reads, writes and compare-and-sets is linearizable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(ThreeNodeFailoverTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DIR = Path.of("target", "three-node-failover");

  private static ChaosCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ChaosCluster(DIR, List.of());
    try {
      cluster.startCassandra();
      cluster.startNodes(3, Duration.ofSeconds(180));
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void shortPauseKeepsMembership() throws Exception {
    NodeProcess paused = cluster.node(3);
    List<String> keys = keys("pause", 12);
    CompletableFuture<History> clients =
        CompletableFuture.supplyAsync(() -> runWorkload(keys, Duration.ofSeconds(15), 1));
    Thread.sleep(5_000);
    cluster.pause(paused);
    Thread.sleep(2_000);
    cluster.resume(paused);
    History history = clients.get();

    Thread.sleep(5_000);
    JsonNode members = clusterView(cluster.node(1));
    assertEquals(3, members.size(), "members after a 2 s pause: " + members);
    for (JsonNode member : members) {
      assertEquals("Up", member.get("status").asText(), member.toString());
      assertTrue(member.get("reachable").asBoolean(), member.toString());
    }
    checkHistory("pause", history, keys, cluster.node(1));
  }

  @Test
  @Order(2)
  void killUnderWritesLosesNothing() throws Exception {
    NodeProcess victim = cluster.node(3);
    List<String> keys = keys("kill", 12);
    CompletableFuture<History> clients =
        CompletableFuture.supplyAsync(() -> runWorkload(keys, Duration.ofSeconds(45), 2));
    Thread.sleep(8_000);
    victim.kill();
    log.info("phase kill: sent SIGKILL to {} (pid {}) under writes", victim.spec().name(), victim.pid());
    History history = clients.get();

    checkHistory("kill", history, keys, cluster.node(1));
  }

  private static void checkHistory(String phase, History history, List<String> keys, NodeProcess reader)
      throws Exception {
    Map<String, Optional<String>> finalValues = PartitionProbes.readAll(reader.baseUrl(), keys, Duration.ofSeconds(90));
    HistoryAssertions.assertHolds(phase, history, finalValues, DIR.resolve(phase + "-history.txt"));
  }

  /** Six clients on nodes 1 and 2, so that a fault on node 3 never cuts a client off its node. */
  private static History runWorkload(List<String> keys, Duration duration, long seed) {
    try {
      return Workload.run(new Workload.Settings(6, keys, duration, 0.4, Workload.seed(seed)),
          client -> cluster.node(1 + client % 2).baseUrl());
    } catch (Exception e) {
      throw new IllegalStateException("workload failed: " + e, e);
    }
  }

  private static JsonNode clusterView(NodeProcess node) throws Exception {
    KvHttp.Result result = KvHttp.getPath(node.baseUrl(), "/v1/cluster");
    assertEquals(200, result.status(), result.body());
    return MAPPER.readTree(result.body()).get("members");
  }

  /** Keys of one phase; each phase has its own, because the checkers assume every key starts absent. */
  private static List<String> keys(String phase, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(phase + "-register-" + i);
    }
    return List.copyOf(keys);
  }
}
