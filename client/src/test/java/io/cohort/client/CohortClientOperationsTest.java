package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation against the fake cluster, through the blocking view, with its status mapping. */
class CohortClientOperationsTest {
  private FakeCohortCluster cluster;
  private CohortClient client;
  private BlockingCohortClient blocking;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FakeCohortCluster.start(2);
    client = new CohortClient(TestClients.configFor(cluster).build());
    blocking = client.blocking();
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
  void getAbsentKeyReturnsEmpty() {
    assertEquals(Optional.empty(), blocking.get("missing"));
  }

  @Test
  void putThenGetReturnsValueAndVersion() {
    WriteResult written = blocking.put("user:1", "{\"name\":\"Ada\"}");

    assertTrue(written.created());
    assertEquals("user:1", written.key());
    Versioned read = blocking.get("user:1").orElseThrow();
    assertEquals("{\"name\":\"Ada\"}", read.json());
    assertEquals(written.version(), read.version());
    assertEquals("application/json", cluster.requestsWith("PUT").get(0).header("Content-Type"));
  }

  @Test
  void putReplacingReportsNotCreated() {
    WriteResult first = blocking.put("k", "1");
    WriteResult second = blocking.put("k", "2");

    assertFalse(second.created());
    assertTrue(second.version() > first.version());
    assertEquals("2", blocking.get("k").orElseThrow().json());
  }

  @Test
  void putIfVersionMatchingSucceeds() {
    long version = blocking.put("k", "1").version();

    WriteResult result = blocking.putIfVersion("k", "2", version);

    assertFalse(result.created());
    assertEquals("\"" + version + "\"", cluster.requestsWith("PUT").get(1).header("If-Match"));
    assertEquals("2", blocking.get("k").orElseThrow().json());
  }

  @Test
  void putIfVersionStaleConflicts() {
    long version = blocking.put("k", "1").version();
    long current = blocking.put("k", "2").version();

    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.putIfVersion("k", "3", version));

    assertEquals(412, conflict.status());
    assertEquals(current, conflict.currentVersion());
    assertEquals(Optional.of("version-conflict"), conflict.problem().orElseThrow().slug());
    assertEquals("k", conflict.problem().orElseThrow().extensions().get("key"));
    assertEquals("2", blocking.get("k").orElseThrow().json());
  }

  @Test
  void putIfAbsentCreatesThenConflicts() {
    WriteResult created = blocking.putIfAbsent("k", "1");

    assertTrue(created.created());
    assertEquals("*", cluster.requestsWith("PUT").get(0).header("If-None-Match"));
    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.putIfAbsent("k", "2"));
    assertEquals(created.version(), conflict.currentVersion());
  }

  @Test
  void putIfPresentOnAbsentConflicts() {
    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.putIfPresent("k", "1"));

    assertEquals(0, conflict.currentVersion());
    assertEquals("*", cluster.requestsWith("PUT").get(0).header("If-Match"));
    assertEquals(Optional.empty(), blocking.get("k"));
  }

  @Test
  void putIfPresentReplaces() {
    blocking.put("k", "1");

    WriteResult result = blocking.putIfPresent("k", "2");

    assertFalse(result.created());
    assertEquals("2", blocking.get("k").orElseThrow().json());
  }

  @Test
  void deleteReturnsVersionThenEmpty() {
    long written = blocking.put("k", "1").version();

    OptionalLong deleted = blocking.delete("k");

    assertTrue(deleted.isPresent());
    assertTrue(deleted.getAsLong() > written);
    assertEquals(OptionalLong.empty(), blocking.delete("k"));
    assertEquals(Optional.empty(), blocking.get("k"));
  }

  @Test
  void deleteIfVersionMatchingDeletes() {
    long version = blocking.put("k", "1").version();

    OptionalLong deleted = blocking.deleteIfVersion("k", version);

    assertTrue(deleted.isPresent());
    assertEquals("\"" + version + "\"", cluster.requestsWith("DELETE").get(0).header("If-Match"));
    assertEquals(Optional.empty(), blocking.get("k"));
  }

  @Test
  void deleteIfVersionStaleConflicts() {
    long version = blocking.put("k", "1").version();
    long current = blocking.put("k", "2").version();

    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.deleteIfVersion("k", version));

    assertEquals(current, conflict.currentVersion());
    assertTrue(blocking.get("k").isPresent());
  }

  @Test
  void deleteIfVersionAbsentConflicts() {
    VersionConflictException conflict =
        assertThrows(VersionConflictException.class, () -> blocking.deleteIfVersion("k", 5));

    assertEquals(404, conflict.status());
    assertEquals(0, conflict.currentVersion());
  }

  @Test
  void invalidJsonIsInvalidRequest() {
    InvalidRequestException error =
        assertThrows(InvalidRequestException.class, () -> blocking.put("k", "{not json"));

    assertEquals(400, error.status());
    assertEquals(Optional.of("invalid-json"), error.problem().orElseThrow().slug());
  }

  @Test
  void oversizedValueIsInvalidRequest() {
    String large = "\"" + "x".repeat(1024 * 1024) + "\"";

    InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> blocking.put("k", large));

    assertEquals(413, error.status());
  }

  @Test
  void forced414IsInvalidRequest() {
    cluster.forcedError.set(new FakeCohortCluster.ForcedError(414, "key-too-long"));

    InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> blocking.get("k"));

    assertEquals(414, error.status());
    assertEquals(7, error.problem().orElseThrow().extensions().get("hint"));
  }

  @Test
  void serverErrorIsBaseException() {
    cluster.forcedError.set(new FakeCohortCluster.ForcedError(500, "internal"));

    CohortException error = assertThrows(CohortException.class, () -> blocking.get("k"));

    assertSame(CohortException.class, error.getClass());
    assertEquals(500, error.status());
    assertEquals("urn:cohort:problem:internal", error.problem().orElseThrow().type());
    assertEquals("forced by the test", error.problem().orElseThrow().detail());
  }

  @Test
  void unavailableCarriesRetryAfter() {
    cluster.unavailableResponses.set(1);

    UnavailableException error = assertThrows(UnavailableException.class, () -> blocking.put("k", "1"));

    assertEquals(503, error.status());
    assertEquals(Optional.of(Duration.ofSeconds(1)), error.retryAfter());
    assertEquals(Optional.of("unavailable"), error.problem().orElseThrow().slug());
  }

  @Test
  void invalidArgumentsThrowAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> client.get(""));
    assertThrows(NullPointerException.class, () -> client.get(null));
    assertThrows(NullPointerException.class, () -> client.put("k", null));
    assertThrows(IllegalArgumentException.class, () -> client.putIfVersion("k", "1", 0));
    assertThrows(IllegalArgumentException.class, () -> client.deleteIfVersion("k", -3));
    assertTrue(cluster.keyRequests.isEmpty());
  }

  @Test
  void closedClientRejectsOperations() {
    client.close();

    assertThrows(IllegalStateException.class, () -> client.get("k"));
  }
}
