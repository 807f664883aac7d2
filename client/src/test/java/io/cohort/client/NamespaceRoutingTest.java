package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node choice per namespace: the {@code default} view routes like the client, other namespaces go round-robin
 * and never use redirect mode.
 */
class NamespaceRoutingTest {
  private FakeCohortCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(3);
    cluster.spreadPartitions();
    cluster.createNamespace("carts");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void defaultViewGoesToOwner() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      BlockingCohortNamespace builtIn = client.blocking().namespace("default");
      for (int i = 0; i < 30; i++) {
        String key = "key-" + i;
        builtIn.get(key);

        FakeCohortCluster.ReceivedRequest last = cluster.keyRequests.get(cluster.keyRequests.size() - 1);
        assertEquals(cluster.ownerIndexOf(key), last.node(), "key " + key);
        assertEquals("/v1/kv/" + key, last.rawPath(), "key " + key);
      }

      assertEquals(0, client.stats().hops());
      assertEquals(1, cluster.routingFetches.get());
    }
  }

  @Test
  void defaultViewFollowsOwnerHint() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      BlockingCohortNamespace builtIn = client.blocking().namespace("default");
      String key = "moving-key";
      int oldOwner = cluster.ownerIndexOf(key);
      int newOwner = (oldOwner + 1) % 3;
      builtIn.get("warm-up");
      cluster.place(key, cluster.endpoint(newOwner));

      builtIn.get(key);
      builtIn.get(key);

      List<FakeCohortCluster.ReceivedRequest> received = cluster.keyRequests;
      assertEquals(oldOwner, received.get(1).node());
      assertEquals(newOwner, received.get(2).node());
      assertEquals(1, client.stats().ownerHintsApplied());
    }
  }

  @Test
  void otherNamespaceGoesRoundRobin() {
    try (CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      BlockingCohortNamespace carts = client.blocking().namespace("carts");
      for (int i = 0; i < 9; i++) {
        carts.get("same-key");
      }

      for (int node = 0; node < 3; node++) {
        assertEquals(3, cluster.requestsTo(node).size(), "node " + node);
      }
      assertEquals(0, client.stats().ownerHintsApplied());
      assertEquals(0, client.stats().hops());
      assertEquals(1, cluster.routingFetches.get());
    }
  }

  @Test
  void otherNamespaceSkipsRedirectMode() {
    CohortClientConfig config = TestClients.configFor(cluster).redirectMode(true).build();
    try (CohortClient client = new CohortClient(config)) {
      client.blocking().namespace("carts").put("k", "1");
      client.blocking().namespace("default").put("k", "1");

      List<FakeCohortCluster.ReceivedRequest> puts = cluster.requestsWith("PUT");
      assertEquals("/v1/ns/carts/kv/k", puts.get(0).rawPath());
      assertNull(puts.get(0).header("Cohort-Redirect"));
      assertEquals("true", puts.get(1).header("Cohort-Redirect"));
    }
  }
}
