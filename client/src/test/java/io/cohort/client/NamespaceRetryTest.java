package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry rules in a namespace: reads after 503 and timeouts, writes only after a rejected connection. */
class NamespaceRetryTest {
  private FakeCohortCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(2);
    cluster.createNamespace("carts");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void getRetriesAfter503() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");
      carts.put("k", "1");
      cluster.unavailableResponses.set(2);

      assertEquals("1", carts.get("k").orElseThrow().json());

      assertEquals(3, cluster.requestsWith("GET").size());
      assertEquals(2, client.stats().retries());
    }
  }

  @Test
  void putNotRetriedAfter503() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");
      cluster.unavailableResponses.set(1);

      assertThrows(UnavailableException.class, () -> carts.put("k", "1"));

      assertEquals(1, cluster.requestsWith("PUT").size());
      assertEquals(0, client.stats().retries());
      assertEquals(Optional.empty(), carts.get("k"));
    }
  }

  @Test
  void putRetriedAfterRefusedConnection() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");
      carts.get("warm-up");
      cluster.stopNode(1);

      // Round-robin sends one of the two writes to the stopped node, which then is avoided.
      carts.put("a", "1");
      carts.put("b", "2");

      assertEquals(2, cluster.requestsWith("PUT").size());
      assertEquals(1, client.stats().retries());
      assertEquals("2", carts.get("b").orElseThrow().json());
    }
  }

  @Test
  void allNodesRefusedIsNoNodeReachable() throws Exception {
    List<URI> seeds = List.of(FakeCohortCluster.refusedEndpoint(), FakeCohortCluster.refusedEndpoint());
    try (CohortClient client = new CohortClient(TestClients.configFor(seeds).maxRetries(2).build())) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");

      NoNodeReachableException error = assertThrows(NoNodeReachableException.class, () -> carts.put("k", "1"));

      assertEquals(3, error.endpoints().size());
      assertEquals(2, client.stats().retries());
      assertTrue(error.getMessage().contains("in namespace [carts]"), error.getMessage());
    }
  }

  @Test
  void getTimeoutRetriesOnAnotherNode() {
    cluster.keyResponseDelayMillis = 10_000;
    CohortClientConfig config = TestClients.configFor(cluster)
        .requestTimeout(Duration.ofMillis(300)).maxRetries(1).build();
    try (CohortClient client = new CohortClient(config)) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");

      assertThrows(CohortTimeoutException.class, () -> carts.get("k"));

      List<FakeCohortCluster.ReceivedRequest> gets = cluster.requestsWith("GET");
      assertEquals(2, gets.size());
      assertNotEquals(gets.get(0).node(), gets.get(1).node(), "the retry should go to another node");
    }
  }

  @Test
  void putTimeoutNotRetried() {
    cluster.keyResponseDelayMillis = 10_000;
    CohortClientConfig config = TestClients.configFor(cluster)
        .requestTimeout(Duration.ofMillis(300)).maxRetries(3).build();
    try (CohortClient client = new CohortClient(config)) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");

      CohortTimeoutException error = assertThrows(CohortTimeoutException.class, () -> carts.put("k", "1"));

      assertTrue(error.getMessage().contains("may or may not have been applied"), error.getMessage());
      assertEquals(1, cluster.requestsWith("PUT").size());
      assertEquals(0, client.stats().retries());
    }
  }
}
