package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking view throws the typed exceptions that the asynchronous API wraps. */
class BlockingClientTest {
  private FakeCohortCluster cluster;
  private CohortClient client;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(1);
    client = new CohortClient(TestClients.configFor(cluster).build());
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
  void asyncStageWrapsConflict() {
    client.blocking().put("k", "1");
    CompletableFuture<WriteResult> stage = client.putIfAbsent("k", "2").toCompletableFuture();

    CompletionException wrapped = assertThrows(CompletionException.class, stage::join);

    assertInstanceOf(VersionConflictException.class, wrapped.getCause());
  }

  @Test
  void blockingThrowsConflictUnwrapped() {
    BlockingCohortClient blocking = client.blocking();
    long version = blocking.put("k", "1").version();

    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.putIfAbsent("k", "2"));

    assertEquals(version, conflict.currentVersion());
  }

  @Test
  void blockingThrowsUnavailableUnwrapped() {
    cluster.unavailableResponses.set(1);

    assertThrows(UnavailableException.class, () -> client.blocking().delete("k"));
  }

  @Test
  void blockingRoundTrip() {
    BlockingCohortClient blocking = client.blocking();
    WriteResult written = blocking.put("k", "[1,2]");

    assertEquals(written.version(), blocking.get("k").orElseThrow().version());
    assertTrue(blocking.delete("k").isPresent());
    assertEquals(3, blocking.stats().requests());
  }
}
