package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirect mode: requests ask for a 307, and the client follows it to the owner. */
class RedirectTest {
  private FakeCohortCluster cluster;
  private CohortClient client;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(2);
    client = new CohortClient(TestClients.configFor(cluster).redirectMode(true).build());
  }

  @AfterEach
  void stopCluster() {
    try {
      client.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void followsRedirectToOwner() {
    client.blocking().put("k", "1");
    cluster.place("k", cluster.endpoint(1));

    assertEquals("1", client.blocking().get("k").orElseThrow().json());

    List<FakeCohortCluster.ReceivedRequest> received = cluster.keyRequests;
    assertEquals(3, received.size());
    assertEquals(0, received.get(1).node());
    assertEquals("true", received.get(1).header("Cohort-Redirect"));
    assertEquals(1, received.get(2).node());
    assertEquals(1, client.stats().redirects());
    assertEquals(0, client.stats().hops());
  }

  @Test
  void nextRequestSkipsRedirect() {
    client.blocking().put("k", "1");
    cluster.place("k", cluster.endpoint(1));
    client.blocking().get("k");

    client.blocking().get("k");

    assertEquals(4, cluster.keyRequests.size());
    assertEquals(1, cluster.keyRequests.get(3).node());
    assertEquals(1, client.stats().redirects());
  }

  @Test
  void redirectedWriteKeepsBodyAndCondition() {
    client.blocking().get("warm-up");
    cluster.place("k", cluster.endpoint(1));

    WriteResult result = client.blocking().putIfAbsent("k", "{\"a\":1}");

    assertTrue(result.created());
    FakeCohortCluster.ReceivedRequest redirected = cluster.requestsTo(1).get(0);
    assertEquals("PUT", redirected.method());
    assertEquals("*", redirected.header("If-None-Match"));
    assertEquals("{\"a\":1}", client.blocking().get("k").orElseThrow().json());
  }

  @Test
  void redirectLoopFailsAfterTwoFollows() {
    client.blocking().get("warm-up");
    cluster.redirectLoop = true;

    CohortException error = assertThrows(CohortException.class, () -> client.blocking().get("k"));

    assertSame(CohortException.class, error.getClass());
    assertEquals(307, error.status());
    assertEquals(1 + 3, cluster.keyRequests.size());
    assertEquals(2, client.stats().redirects());
  }
}
