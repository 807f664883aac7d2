package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.node.CohortNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Starts one real node (single-member cluster, sharding, real HTTP on a loopback port) with Pekko's in-memory
 * journal, for tests of the HTTP contract. The namespace registry and every namespace use that journal too.
 * Tests against Cassandra and several JVMs live in multi-jvm-tests.
 */
abstract class SingleNodeHttpTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static CohortNode node;
  static HttpClient client;
  static String baseUrl;
  static PersistenceTestKit journal;

  static Config testConfig() {
    return CohortConfig.withDefaults(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.seed-nodes = []
            pekko.coordinated-shutdown.exit-jvm = off
            cohort.node.http.port = 0
            cohort.node.request-timeout = 2s
            cohort.node.routing-refresh = 200ms
            cohort.partitions.count = 16
            cohort.partitions.max-bytes = 64 KiB
            cohort.limits.max-key-bytes = 64
            cohort.limits.max-value-bytes = 2 KiB
            cohort.namespaces.registry-plugin = ""
            cohort.namespaces.per-level-journals = off
            """)
        .withFallback(PersistenceTestKitPlugin.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config()));
  }

  @BeforeAll
  static void startNode() throws Exception {
    node = CohortNode.start(testConfig(), system -> () -> CompletableFuture.completedFuture(true));
    Cluster cluster = Cluster.get(node.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    journal = PersistenceTestKit.create(node.system());
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    baseUrl = "http://127.0.0.1:" + node.httpAddress().getPort();
    awaitReady();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private static void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).GET()).statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("node did not become ready within 30 s");
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static HttpRequest.Builder request(String rawPath) {
    return HttpRequest.newBuilder(URI.create(baseUrl + rawPath));
  }

  static HttpRequest.Builder putJson(String rawPath, String json) {
    return request(rawPath).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
  }

  static JsonNode assertProblem(HttpResponse<String> response, int status, String detailFragment)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json",
        response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
    JsonNode problem = MAPPER.readTree(response.body());
    assertEquals(status, problem.get("status").asInt());
    assertNotNull(problem.get("title"));
    String detail = problem.get("detail").asText();
    assertTrue(detail.contains(detailFragment), "detail [" + detail + "] should contain [" + detailFragment + "]");
    return problem;
  }
}
