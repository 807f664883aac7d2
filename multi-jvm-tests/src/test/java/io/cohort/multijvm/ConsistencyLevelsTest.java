package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.local.NodeProcess;
import io.cohort.persistence.CassandraCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three consistency levels on a three-node Cassandra cluster (replication factor 3) under three Cohort
 * nodes. With one Cassandra node down, eventual and semi-sync writes succeed, and strong writes are rejected
 * at once with a 503 naming the missing replica. With two down, semi-sync writes are rejected too, and
 * eventual writes still succeed. After the Cassandra nodes return, a Cohort node hosting partitions is
 * killed, and every write acknowledged at semi-sync or strong is read back with its value.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyLevelsTest {
  private static final Logger log = LoggerFactory.getLogger(ConsistencyLevelsTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DIR = Path.of("target", "consistency-levels");
  private static final List<String> LEVELS = List.of("eventual", "semi-sync", "strong");
  private static final Duration FAULT_WAIT = Duration.ofSeconds(45);

  private static ChaosCluster cluster;
  private static CassandraCluster cassandra;
  /** Acknowledged writes per namespace: key to the value of its last acknowledged write. */
  private static final Map<String, Map<String, Integer>> acknowledged = new LinkedHashMap<>();
  private static int sequence;

  @BeforeAll
  static void startCluster() throws Exception {
    // The registry and the default namespace also get three replicas, so they outlive one Cassandra node.
    cluster = new ChaosCluster(DIR, List.of("cohort.cassandra.replication-factor = 3"));
    try {
      cassandra = cluster.startCassandraCluster(3);
      cluster.startNodes(3, Duration.ofSeconds(240));
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
  void everyLevelWritesWithAllReplicasUp() throws Exception {
    for (String level : LEVELS) {
      String body = "{\"name\":\"" + level + "\",\"level\":\"" + level + "\",\"replicationFactor\":3,\"partitions\":4}";
      // Creating a level's tables waits for schema agreement after each statement, which can outlast one
      // request on a loaded machine. A retry then finds the tables in place.
      KvHttp.Result created = KvHttp.await(
          () -> KvHttp.send(cluster.node(1).baseUrl(), "POST", "/v1/namespaces", body, Duration.ofSeconds(130)),
          result -> result.status() == 201 || result.status() == 409, Duration.ofSeconds(120));
      assertTrue(created.status() == 201 || created.status() == 409, created.body());
      acknowledged.put(level, new LinkedHashMap<>());
      for (int i = 0; i < 12; i++) {
        assertEquals(201, write(level, "all-up-" + i).status());
      }
    }
  }

  @Test
  @Order(2)
  void oneReplicaDownRejectsOnlyStrongWrites() throws Exception {
    cassandra.stop(2);
    log.info("stopped Cassandra 127.0.0.3");
    assertRejectedNaming("strong", "127.0.0.3");
    assertAccepted("eventual", "one-down");
    assertAccepted("semi-sync", "one-down");
  }

  @Test
  @Order(3)
  void twoReplicasDownRejectSemiSyncWritesToo() throws Exception {
    cassandra.stop(1);
    log.info("stopped Cassandra 127.0.0.2");
    assertRejectedNaming("semi-sync", "127.0.0.2");
    assertRejectedNaming("strong", "127.0.0.2");
    assertAccepted("eventual", "two-down");
  }

  @Test
  @Order(4)
  void acknowledgedWritesSurviveMasterFailover() throws Exception {
    cassandra.start(1);
    cassandra.start(2);
    log.info("started Cassandra 127.0.0.2 and 127.0.0.3 again");
    for (String level : LEVELS) {
      assertAccepted(level, "back-up");
    }
    NodeProcess victim = cluster.node(3);
    victim.kill();
    log.info("sent SIGKILL to {} (pid {})", victim.spec().name(), victim.pid());

    NodeProcess reader = cluster.node(1);
    for (String level : List.of("semi-sync", "strong")) {
      for (Map.Entry<String, Integer> write : acknowledged.get(level).entrySet()) {
        KvHttp.Result read = KvHttp.await(() -> KvHttp.get(reader.baseUrl(), level, write.getKey()),
            result -> result.status() != 503 && result.status() != 0, Duration.ofSeconds(90));
        assertEquals(200, read.status(), level + " lost acknowledged key " + write.getKey() + ": " + read.body());
        assertEquals(write.getValue().intValue(), MAPPER.readTree(read.body()).get("n").asInt(), write.getKey());
      }
    }
    logEventualSurvivors(reader);
  }

  /** Eventual promises nothing across a failover; the count shows what this run kept. */
  private static void logEventualSurvivors(NodeProcess reader) {
    int present = 0;
    for (String key : acknowledged.get("eventual").keySet()) {
      if (KvHttp.get(reader.baseUrl(), "eventual", key).status() == 200) {
        present++;
      }
    }
    log.info("eventual: {} of {} acknowledged keys present after the failover", present,
        acknowledged.get("eventual").size());
  }

  private static KvHttp.Result write(String namespace, String key) {
    int value = ++sequence;
    KvHttp.Result result = KvHttp.put(cluster.node(1 + sequence % 2).baseUrl(), namespace, key, "{\"n\":" + value + "}");
    if (result.ok()) {
      acknowledged.get(namespace).put(key, value);
    }
    return result;
  }

  /**
   * Writes new keys until one is acknowledged, within {@link #FAULT_WAIT}: right after a Cassandra node stops,
   * a write may still fail while the driver and the Cassandra nodes catch up.
   */
  private static void assertAccepted(String namespace, String phase) throws InterruptedException {
    List<Integer> statuses = new ArrayList<>();
    long deadline = System.nanoTime() + FAULT_WAIT.toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      KvHttp.Result result = write(namespace, phase + "-" + i);
      statuses.add(result.status());
      if (result.ok()) {
        for (int more = 0; more < 5; more++) {
          KvHttp.Result next = write(namespace, phase + "-more-" + more);
          assertTrue(next.ok(), namespace + " write after a success failed: " + next.body());
        }
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(namespace + " accepted no write in phase " + phase + "; statuses " + statuses);
  }

  /**
   * Writes new keys until one is rejected with a 503 whose problem names {@code replica}, within
   * {@link #FAULT_WAIT}. Only the replica check names replicas, so such a response shows the write failed fast
   * rather than by timeout. None of these writes may be acknowledged.
   */
  private static void assertRejectedNaming(String namespace, String replica) throws Exception {
    List<String> answers = new ArrayList<>();
    long deadline = System.nanoTime() + FAULT_WAIT.toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      String key = "rejected-" + replica + "-" + i;
      KvHttp.Result result = write(namespace, key);
      assertTrue(!result.ok(), namespace + " acknowledged " + key + " with replica " + replica + " down");
      answers.add(result.status() + " " + result.body());
      if (result.status() == 503) {
        JsonNode problem = MAPPER.readTree(result.body());
        if (problem.path("detail").asText().contains(replica)) {
          log.info("{}: rejected with {}", namespace, problem.path("detail").asText());
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(namespace + " never named replica " + replica + "; answers " + answers);
  }
}
