package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three node processes and a real Cassandra: write 10,000 keys through random nodes, {@code kill -9} one node,
 * and check that once the split-brain resolver has removed it every acknowledged write reads back and writes
 * succeed again in every partition. Then one of the two survivors leaves gracefully (SIGTERM), hands its
 * partitions over, and the last node serves every key.
 */
class NodeCrashRecoveryTest {
  private static final Logger log = LoggerFactory.getLogger(NodeCrashRecoveryTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int KEYS = 10_000;
  private static final int PARTITIONS = 256;
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void crashAndLeaveLoseNoWrite() throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(Path.of("target", "node-crash"), List.of())) {
      cluster.startCassandra();
      List<NodeProcess> nodes = cluster.startNodes(3, Duration.ofSeconds(180));
      largestValuesCrossNodes(nodes);

      Map<String, String> acknowledged = writeKeys(nodes);
      assertEquals(KEYS, acknowledged.size(), "every key acknowledged before the crash");

      NodeProcess victim = nodes.get(2);
      List<NodeProcess> survivors = nodes.subList(0, 2);
      long killedAt = System.nanoTime();
      victim.kill();
      log.info("phase kill: sent SIGKILL to {} (pid {})", victim.spec().name(), victim.pid());

      double unavailableSeconds = awaitWritesInEveryPartition(survivors, killedAt);
      log.info("phase recover: every partition accepted writes {} s after the kill", unavailableSeconds);
      awaitMemberCount(survivors.get(0), 2);

      verifyAcknowledgedWrites(survivors, acknowledged);

      NodeProcess leaver = survivors.get(1);
      List<NodeProcess> last = survivors.subList(0, 1);
      long leftAt = System.nanoTime();
      leaver.requestStop();
      log.info("phase leave: sent SIGTERM to {} (pid {})", leaver.spec().name(), leaver.pid());
      double handoverSeconds = awaitWritesInEveryPartition(last, leftAt);
      log.info("phase leave: every partition accepted writes {} s after SIGTERM", handoverSeconds);
      leaver.stop(Duration.ofSeconds(30));
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks, coordinated shutdown among them, and exited
      // normally for a terminated process. A crash during shutdown would give 1, a forced kill 137.
      assertEquals(143, leaver.exitCode(), leaver.spec().name() + " exit code after a graceful leave");
      awaitMemberCount(last.get(0), 1);
      verifyAcknowledgedWrites(last, acknowledged);
    }
  }

  /**
   * Writes a value of the maximum size (1 MiB) through each node and reads it back through every node, so
   * that it crosses the cluster transport whichever node hosts its partition.
   */
  private static void largestValuesCrossNodes(List<NodeProcess> nodes) throws Exception {
    String value = "\"" + "m".repeat(1024 * 1024 - 2) + "\"";
    for (NodeProcess writer : nodes) {
      String key = "largest-via-" + writer.spec().name();
      assertTrue(putWithRetry(writer.baseUrl(), key, value), "PUT " + key);
      for (NodeProcess reader : nodes) {
        KvHttp.Result read = getWithRetry(reader.baseUrl(), key);
        assertEquals(200, read.status(), key + " through " + reader.spec().name());
        assertEquals(value, read.body(), key + " through " + reader.spec().name());
      }
    }
    log.info("phase largest values: 1 MiB values written and read back through every node");
  }

  private static Map<String, String> writeKeys(List<NodeProcess> nodes) throws Exception {
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int worker = 0; worker < 16; worker++) {
        int offset = worker;
        futures.add(pool.submit(() -> {
          for (int i = offset; i < KEYS; i += 16) {
            String key = "key-" + i;
            String value = "{\"n\":" + i + ",\"w\":" + ThreadLocalRandom.current().nextInt(1_000_000) + "}";
            if (putWithRetry(randomNode(nodes), key, value)) {
              acknowledged.put(key, value);
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.info("phase write: {} keys acknowledged in {} s ({} writes/s)", acknowledged.size(),
        String.format("%.1f", seconds), String.format("%.0f", acknowledged.size() / seconds));
    return acknowledged;
  }

  /** Retries 503 and connection errors a bounded number of times; other statuses fail the test. */
  private static boolean putWithRetry(String baseUrl, String key, String value) throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      KvHttp.Result result = KvHttp.put(baseUrl, key, value);
      if (result.ok()) {
        return true;
      }
      if (result.status() != 503 && result.status() != 0) {
        fail("PUT " + key + " returned " + result.status() + ": " + result.body());
      }
      Thread.sleep(250);
    }
    return false;
  }

  private static String randomNode(List<NodeProcess> nodes) {
    return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).baseUrl();
  }

  /**
   * Writes one probe key per partition until each has been acknowledged, and returns the seconds from the
   * kill until the last partition accepted its write.
   */
  private static double awaitWritesInEveryPartition(List<NodeProcess> survivors, long killedAt)
      throws InterruptedException {
    Duration left = PHASE_TIMEOUT.minusNanos(System.nanoTime() - killedAt);
    int remaining = PartitionProbes.writeUntilAccepted(
        () -> randomNode(survivors), PartitionProbes.keyPerPartition(PARTITIONS), left);
    assertEquals(0, remaining, "partitions still refusing writes " + PHASE_TIMEOUT.toSeconds() + " s after the kill");
    return Math.round((System.nanoTime() - killedAt) / 1e8) / 10.0;
  }

  private static void awaitMemberCount(NodeProcess node, int expected) throws Exception {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    int members = -1;
    while (System.nanoTime() < deadline) {
      KvHttp.Result result = KvHttp.getPath(node.baseUrl(), "/v1/cluster");
      if (result.ok()) {
        JsonNode body = MAPPER.readTree(result.body());
        members = body.get("members").size();
        if (members == expected) {
          return;
        }
      }
      Thread.sleep(500);
    }
    fail("cluster still has " + members + " members, expected " + expected);
  }

  private static void verifyAcknowledgedWrites(List<NodeProcess> survivors, Map<String, String> acknowledged)
      throws InterruptedException {
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
      KvHttp.Result result = getWithRetry(randomNode(survivors), entry.getKey());
      if (result.status() != 200 || !result.body().equals(entry.getValue())) {
        wrong.add(entry.getKey() + " -> " + result.status() + " " + result.body());
      }
      checked++;
    }
    log.info("phase verify: {} keys read back, {} wrong", checked, wrong.size());
    assertTrue(wrong.isEmpty(), wrong.size() + " acknowledged writes lost or changed, first: "
        + wrong.subList(0, Math.min(5, wrong.size())));
  }

  private static KvHttp.Result getWithRetry(String baseUrl, String key) throws InterruptedException {
    KvHttp.Result result = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      result = KvHttp.get(baseUrl, key);
      if (result.status() != 503 && result.status() != 0) {
        return result;
      }
      Thread.sleep(250);
    }
    return result;
  }
}
