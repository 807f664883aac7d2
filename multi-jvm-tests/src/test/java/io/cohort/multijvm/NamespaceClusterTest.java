package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * Namespaces on a cluster of node processes. Partitions of a namespace run only on nodes with its role, and
 * spread to a node that joins with the role. A namespace whose role no node has gets 503. The registry keeps
 * every acknowledged change when the node running it is killed, and of two concurrent creates of one name
 * exactly one succeeds.
 *
 * <p>Nodes 1 and 2 have the role "data" only, node 3 also "timeline", and node 4 joins later with both. Node 1
 * starts first, so it is the oldest node with the role "data" and runs the registry singleton.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamespaceClusterTest {
  private static final Logger log = LoggerFactory.getLogger(NamespaceClusterTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DIR = Path.of("target", "namespace-cluster");
  private static final List<String> TIMELINE_ROLES = List.of("pekko.cluster.roles = [\"data\", \"timeline\"]");
  private static final int TIMELINE_KEYS = 40;
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(130);

  private static ChaosCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ChaosCluster(DIR, List.of());
    try {
      cluster.configureNode(3, TIMELINE_ROLES);
      cluster.configureNode(4, TIMELINE_ROLES);
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
  void partitionsRunOnlyOnNodesWithTheRole() throws Exception {
    KvHttp.Result created = create(cluster.node(1),
        "{\"name\":\"timeline\",\"partitions\":8,\"level\":\"eventual\",\"role\":\"timeline\"}");
    assertEquals(201, created.status(), created.body());

    // Node 2 did not receive the create; it learns the namespace from the registry.
    for (int i = 0; i < TIMELINE_KEYS; i++) {
      KvHttp.Result put = KvHttp.put(cluster.node(1 + i % 2).baseUrl(), "timeline", "post-" + i, "{\"n\":" + i + "}");
      assertEquals(201, put.status(), "put post-" + i + ": " + put.body());
    }
    assertEquals(Set.of(nodeAddress(3)), placement(cluster.node(2), "timeline"));
    assertTimelineReadable(cluster.node(1));
  }

  @Test
  @Order(2)
  void namespaceWithoutLiveRoleAnswers503() {
    KvHttp.Result created = create(cluster.node(2), "{\"name\":\"archive\",\"role\":\"archive\"}");
    assertEquals(201, created.status(), created.body());
    KvHttp.Result put = KvHttp.put(cluster.node(1).baseUrl(), "archive", "a", "1");
    assertEquals(503, put.status(), put.body());
    assertTrue(put.body().contains("archive"), "the problem names the role: " + put.body());
  }

  @Test
  @Order(2)
  void replicationFactorAboveCassandraNodesIsRejected() throws Exception {
    KvHttp.Result created = create(cluster.node(1), "{\"name\":\"wide\",\"replicationFactor\":3}");
    assertEquals(400, created.status(), created.body());
    JsonNode error = MAPPER.readTree(created.body()).get("errors").get(0);
    assertEquals("replicationFactor", error.get("field").asText(), created.body());
    assertTrue(error.get("message").asText().contains("1 node(s) of the Cassandra cluster"), created.body());
  }

  @Test
  @Order(3)
  void joiningNodeWithTheRoleTakesPartitions() throws Exception {
    NodeProcess added = cluster.addNode(Duration.ofSeconds(180));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Set<String> hosts = placement(cluster.node(1), "timeline");
    while (!hosts.contains(nodeAddress(4)) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      hosts = placement(cluster.node(1), "timeline");
    }
    log.info("timeline partitions run on {}", hosts);
    assertEquals(Set.of(nodeAddress(3), nodeAddress(4)), hosts,
        added.spec().name() + " has the role timeline and should host some of its 8 partitions");
    assertTimelineReadable(cluster.node(2));
  }

  @Test
  @Order(4)
  void registrySurvivesKillOfItsNode() throws Exception {
    NodeProcess registryNode = cluster.node(1);
    assertEquals(201, create(registryNode, "{\"name\":\"carts\",\"level\":\"strong\"}").status());
    KvHttp.Result patched = KvHttp.send(registryNode.baseUrl(), "PATCH", "/v1/namespaces/carts",
        "{\"defaultTtlSeconds\":3600}");
    assertEquals(200, patched.status(), patched.body());

    registryNode.kill();
    log.info("sent SIGKILL to {} (pid {}), which runs the registry", registryNode.spec().name(), registryNode.pid());

    NodeProcess survivor = cluster.node(2);
    // A create that timed out while the registry moved may still have been applied; its retry then gets 409.
    KvHttp.Result again = KvHttp.await(() -> create(survivor, "{\"name\":\"after-kill\"}"),
        result -> result.status() == 201 || result.status() == 409, Duration.ofSeconds(90));
    log.info("after the kill, the create answered {}", again.status());
    assertTrue(again.status() == 201 || again.status() == 409, again.body());
    JsonNode carts = MAPPER.readTree(KvHttp.getPath(survivor.baseUrl(), "/v1/namespaces/carts").body());
    assertEquals(3600, carts.get("defaultTtlSeconds").asLong(), carts.toString());
    assertEquals(Set.of("default", "timeline", "archive", "carts", "after-kill"), namespaceNames(cluster.node(3)));
  }

  @Test
  @Order(5)
  void concurrentCreatesOfOneNameGiveOneWinner() throws Exception {
    CompletableFuture<KvHttp.Result> first =
        CompletableFuture.supplyAsync(() -> create(cluster.node(2), "{\"name\":\"race\",\"partitions\":4}"));
    CompletableFuture<KvHttp.Result> second =
        CompletableFuture.supplyAsync(() -> create(cluster.node(3), "{\"name\":\"race\",\"partitions\":4}"));
    Set<Integer> statuses = new TreeSet<>(List.of(first.get().status(), second.get().status()));
    assertEquals(new TreeSet<>(List.of(201, 409)), statuses, first.get().body() + " / " + second.get().body());
  }

  /** Creates a namespace; the node creates its Cassandra tables first, which can take seconds under load. */
  private static KvHttp.Result create(NodeProcess node, String json) {
    return KvHttp.send(node.baseUrl(), "POST", "/v1/namespaces", json, CREATE_TIMEOUT);
  }

  private static void assertTimelineReadable(NodeProcess reader) throws Exception {
    for (int i = 0; i < TIMELINE_KEYS; i++) {
      KvHttp.Result read = KvHttp.get(reader.baseUrl(), "timeline", "post-" + i);
      assertEquals(200, read.status(), "post-" + i + ": " + read.body());
      assertEquals(i, MAPPER.readTree(read.body()).get("n").asInt());
    }
  }

  /** Returns the addresses of the nodes that run partitions of {@code namespace}. */
  private static Set<String> placement(NodeProcess node, String namespace) throws Exception {
    KvHttp.Result result = KvHttp.getPath(node.baseUrl(), "/v1/namespaces/" + namespace + "/placement");
    assertEquals(200, result.status(), result.body());
    Set<String> hosts = new TreeSet<>();
    Iterator<String> names = MAPPER.readTree(result.body()).get("nodes").fieldNames();
    names.forEachRemaining(hosts::add);
    return hosts;
  }

  private static Set<String> namespaceNames(NodeProcess node) throws Exception {
    JsonNode list = MAPPER.readTree(KvHttp.getPath(node.baseUrl(), "/v1/namespaces").body()).get("namespaces");
    Set<String> names = new TreeSet<>();
    list.forEach(namespace -> names.add(namespace.get("name").asText()));
    return names;
  }

  private static String nodeAddress(int index) {
    return "pekko://cohort@" + ChaosCluster.addressOf(index) + ":" + ChaosCluster.ARTERY_PORT;
  }
}
