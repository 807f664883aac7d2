package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Retry rules: reads after 503 and timeouts, writes only after a rejected connection. */
class RetryTest {
  private FakeCohortCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(2);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void getRetriesAfter503() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      client.blocking().put("k", "1");
      cluster.unavailableResponses.set(2);

      assertEquals("1", client.blocking().get("k").orElseThrow().json());

      assertEquals(3, cluster.requestsWith("GET").size());
      assertEquals(2, client.stats().retries());
    }
  }

  @Test
  void getStopsAfterMaxRetries() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(2).build())) {
      cluster.unavailableResponses.set(100);

      assertThrows(UnavailableException.class, () -> client.blocking().get("k"));

      assertEquals(3, cluster.requestsWith("GET").size());
      assertEquals(2, client.stats().retries());
    }
  }

  @Test
  void putNotRetriedAfter503() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      cluster.unavailableResponses.set(1);

      assertThrows(UnavailableException.class, () -> client.blocking().put("k", "1"));

      assertEquals(1, cluster.requestsWith("PUT").size());
      assertEquals(0, client.stats().retries());
      assertEquals(Optional.empty(), client.blocking().get("k"));
    }
  }

  @Test
  void putRetriedOnAnotherNodeAfterRefusedConnection() throws Exception {
    URI refused = FakeCohortCluster.refusedEndpoint();
    cluster.place("k", refused);
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).maxRetries(3).build())) {
      WriteResult result = client.blocking().put("k", "1");

      assertTrue(result.created());
      assertEquals(1, cluster.requestsWith("PUT").size());
      assertEquals(1, client.stats().retries());
      assertEquals(2, client.stats().requests());

      // The refused owner is now avoided, so the next write needs no retry.
      client.blocking().put("k", "2");
      assertEquals(2, cluster.requestsWith("PUT").size());
      assertEquals(1, client.stats().retries());
    }
  }

  @Test
  void allNodesRefusedIsNoNodeReachable() throws Exception {
    List<URI> seeds = List.of(FakeCohortCluster.refusedEndpoint(), FakeCohortCluster.refusedEndpoint());
    CohortClientConfig config = TestClients.configFor(seeds).maxRetries(2).build();
    try (CohortClient client = new CohortClient(config)) {
      NoNodeReachableException error =
          assertThrows(NoNodeReachableException.class, () -> client.blocking().put("k", "1"));

      assertEquals(3, error.endpoints().size());
      assertTrue(seeds.containsAll(error.endpoints()));
      assertNotEquals(error.endpoints().get(0), error.endpoints().get(1));
      assertEquals(2, client.stats().retries());
    }
  }

  @Test
  void getTimeoutRetriesThenFails() {
    cluster.keyResponseDelayMillis = 10_000;
    CohortClientConfig config = TestClients.configFor(cluster)
        .requestTimeout(Duration.ofMillis(300)).maxRetries(1).build();
    try (CohortClient client = new CohortClient(config)) {
      long start = System.nanoTime();

      assertThrows(CohortTimeoutException.class, () -> client.blocking().get("k"));

      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
      assertEquals(2, cluster.requestsWith("GET").size());
      List<FakeCohortCluster.ReceivedRequest> gets = cluster.requestsWith("GET");
      assertNotEquals(gets.get(0).node(), gets.get(1).node(), "the retry should go to another node");
    }
  }

  @Test
  void putTimeoutNotRetried() {
    cluster.keyResponseDelayMillis = 10_000;
    CohortClientConfig config = TestClients.configFor(cluster)
        .requestTimeout(Duration.ofMillis(300)).maxRetries(3).build();
    try (CohortClient client = new CohortClient(config)) {
      CohortTimeoutException error =
          assertThrows(CohortTimeoutException.class, () -> client.blocking().put("k", "1"));

      assertTrue(error.getMessage().contains("may or may not have been applied"), error.getMessage());
      assertEquals(1, cluster.requestsWith("PUT").size());
      assertEquals(0, client.stats().retries());
      assertFalse(error.problem().isPresent());
    }
  }
}
