package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.node.CohortNode;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import io.cohort.persistence.JournalConfig;
import io.cohort.persistence.JournalHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

/**
 * A partition filled to the largest allowed cap (12 MiB) against a real Cassandra. Its snapshots must stay
 * below Cassandra's mutation limit, half of the 32 MiB commit-log segment. The write past the cap must get
 * 507, and a restarted node must recover every value from the snapshot plus the events after it.
 */
class FullPartitionCassandraTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int VALUE_CHARS = 100 * 1024;

  @Test
  void largestPartitionSnapshotsAndRecovers() throws Exception {
    Path dir = Files.createTempDirectory("cohort-full-partition");
    CassandraNode cassandraNode = new CassandraNode(dir.resolve("cassandra"), "127.0.0.1", 19242, 19243,
        List.of("127.0.0.1"), "1G", Duration.ofSeconds(180), List.of());
    try (EmbeddedCassandra cassandra = CassandraLauncher.start(cassandraNode)) {
      int stored;
      try (CohortNode node = startNode(cassandra)) {
        stored = fillUntilFull(baseUrl(node));
      }
      try (CohortNode node = startNode(cassandra)) {
        for (int i = 0; i < stored; i++) {
          HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(baseUrl(node) + "/v1/kv/k" + i)).GET());
          assertEquals(200, read.statusCode(), "k" + i + " after restart");
          assertEquals(VALUE_CHARS + 2, read.body().length(), "length of k" + i);
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Writes 100 KiB values into the single partition until it reports 507; returns how many were stored. */
  private static int fillUntilFull(String baseUrl) throws Exception {
    String value = "\"" + "v".repeat(VALUE_CHARS) + "\"";
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/kv/k" + i))
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(value)));
      if (response.statusCode() == 507) {
        assertTrue(MAPPER.readTree(response.body()).get("detail").asText().contains("partition 0 is full"));
        assertTrue(i > 100, "12 MiB holds more than 100 values of 100 KiB, stored " + i);
        return i;
      }
      assertEquals(201, response.statusCode(), response.body());
    }
    throw new AssertionError("the partition never reported 507");
  }

  private static CohortNode startNode(EmbeddedCassandra cassandra) throws Exception {
    Config config = CohortConfig.withDefaults(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            cohort.node.http.port = 0
            cohort.node.request-timeout = 20s
            cohort.partitions.count = 1
            cohort.partitions.snapshot-every = 10
            cohort.partitions.max-bytes = 12 MiB
            """).withFallback(JournalConfig.forEmbeddedCassandra(cassandra)));
    CohortNode node = CohortNode.start(config, system -> () -> JournalHealth.isReachable(system, Duration.ofSeconds(5)));
    Cluster cluster = Cluster.get(node.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (send(HttpRequest.newBuilder(URI.create(baseUrl(node) + "/health/ready")).GET()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        node.close();
        throw new AssertionError("node not ready within 60 s");
      }
      Thread.sleep(200);
    }
    return node;
  }

  private static String baseUrl(CohortNode node) {
    return "http://127.0.0.1:" + node.httpAddress().getPort();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
