package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of requests with a stale routing table must cause only a bounded number of routing fetches: the limiter
 * allows at most {@code rate * seconds + 1}, and the assertion allows twice the rate for scheduling slack.
 */
class RoutingStormTest {
  private static final int FETCHES_PER_SECOND = 2;
  private static final int BURST = 200;

  private FakeCohortCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(3);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void refusedOwnerCausesBoundedFetches() throws Exception {
    cluster.placeAll(2);
    try (CohortClient client = newClient()) {
      client.blocking().get("warm-up");
      cluster.placeAll(0);
      cluster.stopNode(2);
      int fetchesBefore = cluster.routingFetches.get();
      long start = System.nanoTime();

      runBurst(client);

      assertTrue(TestClients.awaitCondition(() -> cluster.routingFetches.get() > fetchesBefore,
          Duration.ofSeconds(3)), "a refused connection should request a refresh");
      assertFetchesBounded(cluster.routingFetches.get() - fetchesBefore, start);
      assertEquals(BURST, cluster.requestsWith("GET").size() - 1, "each request should be served exactly once");
    }
  }

  @Test
  void newerEpochWithoutOwnerCausesBoundedFetches() throws Exception {
    cluster.placeAll(1);
    try (CohortClient client = newClient()) {
      client.blocking().get("warm-up");
      cluster.placeAll(0);
      cluster.omitOwnerHeader = true;
      int fetchesBefore = cluster.routingFetches.get();
      long start = System.nanoTime();

      runBurst(client);

      assertTrue(TestClients.awaitCondition(() -> cluster.routingFetches.get() > fetchesBefore,
          Duration.ofSeconds(3)), "a newer epoch without an owner should request a refresh");
      assertFetchesBounded(cluster.routingFetches.get() - fetchesBefore, start);
      assertTrue(TestClients.awaitCondition(() -> sendsTo(client, 0), Duration.ofSeconds(3)),
          "after the refresh, requests should go to the new owner");
    }
  }

  private CohortClient newClient() {
    return new CohortClient(TestClients.configFor(cluster).maxRoutingFetchesPerSecond(FETCHES_PER_SECOND).build());
  }

  private static void runBurst(CohortClient client) throws Exception {
    List<CompletableFuture<?>> results = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      results.add(client.get("burst-" + i).toCompletableFuture());
    }
    CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
  }

  private static void assertFetchesBounded(int fetches, long startNanos) {
    double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
    double bound = 2.0 * FETCHES_PER_SECOND * elapsedSeconds + 1;
    assertTrue(fetches <= bound, fetches + " routing fetches in " + elapsedSeconds + " s exceed the bound " + bound);
  }

  /** Sends one request and returns whether node {@code node} received it. */
  private boolean sendsTo(CohortClient client, int node) {
    client.blocking().get("probe");
    List<FakeCohortCluster.ReceivedRequest> received = cluster.keyRequests;
    return received.get(received.size() - 1).node() == node;
  }
}
