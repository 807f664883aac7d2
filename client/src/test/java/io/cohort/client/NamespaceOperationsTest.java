package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation in a namespace other than {@code default}, its paths and its missing-namespace error. */
class NamespaceOperationsTest {
  private FakeCohortCluster cluster;
  private CohortClient client;
  private BlockingCohortNamespace carts;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(2);
    cluster.createNamespace("carts");
    client = new CohortClient(TestClients.configFor(cluster).build());
    carts = client.blocking().namespace("carts");
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
  void keysAreEncodedUnderNamespacePath() {
    List<String[]> keysAndSegments = List.of(
        new String[] {"plain-Key_1.0~", "plain-Key_1.0~"},
        new String[] {"a/b", "a%2Fb"},
        new String[] {"what?x=1#y", "what%3Fx%3D1%23y"},
        new String[] {"ключ", "%D0%BA%D0%BB%D1%8E%D1%87"});
    for (String[] keyAndSegment : keysAndSegments) {
      String key = keyAndSegment[0];
      carts.put(key, "1");

      assertEquals("/v1/ns/carts/kv/" + keyAndSegment[1], lastRequest().rawPath(), "key " + key);
      assertEquals("1", carts.get(key).orElseThrow().json(), "key " + key);
      assertEquals("/v1/ns/carts/kv/" + keyAndSegment[1], lastRequest().rawPath(), "key " + key);
    }
  }

  @Test
  void putThenGetInNamespace() {
    WriteResult written = carts.put("cart:1", "{\"items\":[]}");

    assertTrue(written.created());
    assertEquals("cart:1", written.key());
    Versioned read = carts.get("cart:1").orElseThrow();
    assertEquals("{\"items\":[]}", read.json());
    assertEquals(written.version(), read.version());
    assertEquals("application/json", cluster.requestsWith("PUT").get(0).header("Content-Type"));
  }

  @Test
  void namespacesDoNotShareKeys() {
    carts.put("k", "\"carts\"");
    client.blocking().put("k", "\"default\"");
    client.blocking().put("only-in-default", "1");

    assertEquals("\"carts\"", carts.get("k").orElseThrow().json());
    assertEquals("\"default\"", client.blocking().get("k").orElseThrow().json());
    assertEquals(Optional.empty(), carts.get("only-in-default"));
  }

  @Test
  void conditionalPutsInNamespace() {
    WriteResult created = carts.putIfAbsent("k", "1");
    WriteResult replaced = carts.putIfVersion("k", "2", created.version());
    WriteResult present = carts.putIfPresent("k", "3");

    assertTrue(created.created());
    assertFalse(replaced.created());
    assertFalse(present.created());
    List<FakeCohortCluster.ReceivedRequest> puts = cluster.requestsWith("PUT");
    assertEquals("*", puts.get(0).header("If-None-Match"));
    assertEquals("\"" + created.version() + "\"", puts.get(1).header("If-Match"));
    assertEquals("*", puts.get(2).header("If-Match"));
    assertEquals("3", carts.get("k").orElseThrow().json());
  }

  @Test
  void conditionalPutConflictsInNamespace() {
    long version = carts.put("k", "1").version();

    VersionConflictException absent =
        assertThrows(VersionConflictException.class, () -> carts.putIfAbsent("k", "2"));
    VersionConflictException present =
        assertThrows(VersionConflictException.class, () -> carts.putIfPresent("missing", "2"));

    assertEquals(version, absent.currentVersion());
    assertEquals(0, present.currentVersion());
    assertTrue(absent.getMessage().contains("in namespace [carts]"), absent.getMessage());
  }

  @Test
  void deleteInNamespace() {
    carts.put("k", "1");

    OptionalLong deleted = carts.delete("k");

    assertTrue(deleted.isPresent());
    assertEquals(OptionalLong.empty(), carts.delete("k"));
    assertEquals(Optional.empty(), carts.get("k"));
    assertEquals("/v1/ns/carts/kv/k", cluster.requestsWith("DELETE").get(1).rawPath());
  }

  @Test
  void deleteIfVersionInNamespace() {
    long version = carts.put("k", "1").version();

    VersionConflictException stale =
        assertThrows(VersionConflictException.class, () -> carts.deleteIfVersion("k", version + 100));
    OptionalLong deleted = carts.deleteIfVersion("k", version);
    VersionConflictException absent =
        assertThrows(VersionConflictException.class, () -> carts.deleteIfVersion("k", version));

    assertEquals(version, stale.currentVersion());
    assertTrue(deleted.isPresent());
    assertEquals(404, absent.status());
    assertEquals(0, absent.currentVersion());
  }

  @Test
  void asyncNamespaceRoundTrip() {
    CohortNamespace async = client.namespace("carts");

    WriteResult written = async.put("k", "[1]").toCompletableFuture().join();
    Optional<Versioned> read = async.get("k").toCompletableFuture().join();

    assertEquals("carts", async.name());
    assertEquals(written.version(), read.orElseThrow().version());
    assertEquals("/v1/ns/carts/kv/k", lastRequest().rawPath());
  }

  @Test
  void unknownNamespaceIsTypedError() {
    BlockingCohortNamespace missing = client.blocking().namespace("orders");

    NamespaceNotFoundException onGet = assertThrows(NamespaceNotFoundException.class, () -> missing.get("k"));
    NamespaceNotFoundException onPut = assertThrows(NamespaceNotFoundException.class, () -> missing.put("k", "1"));
    NamespaceNotFoundException onDelete = assertThrows(NamespaceNotFoundException.class, () -> missing.delete("k"));

    for (NamespaceNotFoundException error : List.of(onGet, onPut, onDelete)) {
      assertEquals(404, error.status());
      assertEquals("orders", error.namespace());
      assertEquals(List.of("default", "carts"), error.existingNamespaces());
      assertEquals(Optional.of("namespace-not-found"), error.problem().orElseThrow().slug());
      assertTrue(error.getMessage().contains("in namespace [orders]"), error.getMessage());
    }
    assertEquals(3, cluster.keyRequests.size());
  }

  @Test
  void unknownNamespaceFailsConditionalOperations() {
    BlockingCohortNamespace missing = client.blocking().namespace("orders");

    assertThrows(NamespaceNotFoundException.class, () -> missing.putIfAbsent("k", "1"));
    assertThrows(NamespaceNotFoundException.class, () -> missing.putIfPresent("k", "1"));
    assertThrows(NamespaceNotFoundException.class, () -> missing.putIfVersion("k", "1", 3));
    assertThrows(NamespaceNotFoundException.class, () -> missing.deleteIfVersion("k", 3));
  }

  @Test
  void unknownNamespaceFailsAsyncStage() {
    CompletableFuture<Optional<Versioned>> stage = client.namespace("orders").get("k").toCompletableFuture();

    CompletionException wrapped = assertThrows(CompletionException.class, stage::join);

    assertInstanceOf(NamespaceNotFoundException.class, wrapped.getCause());
  }

  @Test
  void other404InNamespaceIsNotMissingKey() {
    cluster.forcedError.set(new FakeCohortCluster.ForcedError(404, "no-such-resource"));

    InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> carts.get("k"));

    assertSame(InvalidRequestException.class, error.getClass());
    assertEquals(404, error.status());
  }

  @Test
  void bodyless404InNamespaceIsNotMissingKey() {
    cluster.forcedError.set(new FakeCohortCluster.ForcedError(404, null));
    InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> carts.get("k"));
    cluster.forcedError.set(new FakeCohortCluster.ForcedError(404, null));
    Optional<Versioned> inDefault = client.blocking().get("k");

    assertEquals(404, error.status());
    assertFalse(error.problem().isPresent());
    assertEquals(Optional.empty(), inDefault);
  }

  @Test
  void invalidKeyRejectedInNamespace() {
    assertThrows(IllegalArgumentException.class, () -> carts.get(""));
    assertThrows(IllegalArgumentException.class, () -> carts.put("..", "1"));
    assertThrows(NullPointerException.class, () -> carts.put("k", null));
    assertThrows(IllegalArgumentException.class, () -> carts.deleteIfVersion("k", 0));
    assertTrue(cluster.keyRequests.isEmpty());
  }

  @Test
  void closedClientRejectsNamespaceOperations() {
    CohortNamespace async = client.namespace("carts");
    client.close();

    assertThrows(IllegalStateException.class, () -> async.get("k"));
  }

  private FakeCohortCluster.ReceivedRequest lastRequest() {
    return cluster.keyRequests.get(cluster.keyRequests.size() - 1);
  }
}
