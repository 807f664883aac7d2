package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Namespace names are checked against the server's rule before any request is sent. */
class NamespaceNameTest {
  private static final List<String> INVALID_NAMES =
      List.of("", "Carts", "a/b", "a b", "a.b", "..", "%61", "é", "x".repeat(49));
  private static final List<String> VALID_NAMES = List.of("a", "carts", "orders_2024", "eu-west-1", "x".repeat(48));

  @Test
  void invalidNamesRejectedBeforeSending() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(1);
        CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      for (String name : INVALID_NAMES) {
        IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> client.namespace(name), "name " + name);
        assertThrows(IllegalArgumentException.class, () -> client.blocking().namespace(name), "name " + name);

        assertTrue(error.getMessage().contains("[" + name + "]"), error.getMessage());
        assertTrue(error.getMessage().contains("1 to 48"), error.getMessage());
        assertTrue(error.getMessage().contains("lowercase letter"), error.getMessage());
      }
      assertThrows(NullPointerException.class, () -> client.namespace(null));
      assertEquals(0, cluster.keyRequests.size());
      assertEquals(0, client.stats().requests());
    }
  }

  @Test
  void validNamesAccepted() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(1);
        CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      for (String name : VALID_NAMES) {
        assertEquals(name, client.namespace(name).name());
        assertEquals(name, client.blocking().namespace(name).name());
      }
    }
  }

  @Test
  void defaultViewIsClientsOwn() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(1);
        CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      assertEquals("default", client.namespace("default").name());
      assertSame(client.namespace("default"), client.namespace("default"));
    }
  }
}
