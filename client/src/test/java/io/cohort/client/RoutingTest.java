package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owner routing, owner hints and round-robin, judged by which fake node received each request. */
class RoutingTest {
  private FakeCohortCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(3);
    cluster.spreadPartitions();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void requestsGoToOwnerAfterLoad() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      for (int i = 0; i < 30; i++) {
        String key = "key-" + i;
        client.blocking().get(key);

        List<FakeCohortCluster.ReceivedRequest> received = cluster.keyRequests;
        assertEquals(cluster.ownerIndexOf(key), received.get(received.size() - 1).node(), "key " + key);
      }

      assertEquals(30, cluster.keyRequests.size());
      assertEquals(0, client.stats().hops());
      assertEquals(1, client.stats().routingFetches());
      assertEquals(1, cluster.routingFetches.get());
    }
  }

  @Test
  void nextRequestFollowsOwnerHint() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      String key = "moving-key";
      int oldOwner = cluster.ownerIndexOf(key);
      int newOwner = (oldOwner + 1) % 3;
      client.blocking().get("warm-up");
      cluster.place(key, cluster.endpoint(newOwner));

      client.blocking().get(key);
      client.blocking().get(key);

      List<FakeCohortCluster.ReceivedRequest> received = cluster.keyRequests;
      assertEquals(oldOwner, received.get(1).node());
      assertEquals(newOwner, received.get(2).node());
      assertEquals(1, client.stats().hops());
      assertEquals(1, client.stats().ownerHintsApplied());
      assertEquals(1, cluster.routingFetches.get());
    }
  }

  @Test
  void olderHintDoesNotOverrideNewerTable() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      String key = "stable-key";
      client.blocking().get(key);
      int owner = cluster.ownerIndexOf(key);

      // A node that lags behind reports an older epoch and another owner.
      cluster.place(key, cluster.endpoint((owner + 1) % 3));
      cluster.epoch.addAndGet(-10);
      client.blocking().get(key);
      client.blocking().get(key);

      assertEquals(owner, cluster.keyRequests.get(2).node());
      assertEquals(0, client.stats().ownerHintsApplied());
    }
  }

  @Test
  void routingDisabledGoesRoundRobin() {
    CohortClientConfig config = TestClients.configFor(cluster).routingEnabled(false).build();
    try (CohortClient client = new CohortClient(config)) {
      for (int i = 0; i < 9; i++) {
        client.blocking().get("same-key");
      }

      for (int node = 0; node < 3; node++) {
        assertEquals(3, cluster.requestsTo(node).size(), "node " + node);
      }
      assertEquals(6, client.stats().hops());
      assertEquals(0, client.stats().ownerHintsApplied());
    }
  }

  @Test
  void failedRoutingLoadFallsBackToSeeds() {
    cluster.routingBroken = true;
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      client.blocking().put("k", "1");

      assertEquals("1", client.blocking().get("k").orElseThrow().json());
      assertTrue(cluster.routingFetches.get() >= 3, "the first load should try each seed");
      assertEquals(2, cluster.keyRequests.size());
    }
  }
}
