package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.client.BlockingCohortClient;
import io.cohort.client.ClientStats;
import io.cohort.client.CohortClient;
import io.cohort.client.CohortClientConfig;
import io.cohort.client.CohortTimeoutException;
import io.cohort.client.VersionConflictException;
import io.cohort.client.Versioned;
import io.cohort.client.WriteResult;
import io.cohort.local.NodeProcess;
import io.cohort.partitioning.Partitioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java client against three node processes: every operation, routing straight to partition owners,
 * redirects, timeouts on a paused node, and placement changes (a graceful leave, then a {@code kill -9}),
 * after which cached routes cost at most one extra request before the client uses the new owner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientRoutingTest {
  private static final Logger log = LoggerFactory.getLogger(ClientRoutingTest.class);
  private static final Path DIR = Path.of("target", "client-routing");
  private static final int PARTITIONS = 256;
  private static final int KEYS = 300;

  private static ChaosCluster cluster;
  private static CohortClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ChaosCluster(DIR, List.of("cohort.node.routing-refresh = 1s"));
    try {
      cluster.startCassandra();
      cluster.startNodes(3, Duration.ofSeconds(180));
      client = new CohortClient(config().build());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CohortClientConfig.Builder config() {
    CohortClientConfig.Builder builder = CohortClientConfig.builder()
        .requestTimeout(Duration.ofSeconds(8))
        .maxRoutingFetchesPerSecond(2);
    for (int index = 1; index <= 3; index++) {
      builder.seed(cluster.node(index).baseUrl());
    }
    return builder;
  }

  @Test
  @Order(1)
  void everyOperationWorks() {
    BlockingCohortClient data = client.blocking();
    WriteResult created = data.put("client:ops", "{\"v\":1}");
    assertTrue(created.created());
    Versioned read = data.get("client:ops").orElseThrow();
    assertEquals("{\"v\":1}", read.json());
    assertEquals(created.version(), read.version());

    WriteResult replaced = data.putIfVersion("client:ops", "{\"v\":2}", created.version());
    assertFalse(replaced.created());
    VersionConflictException stale = assertThrows(VersionConflictException.class,
        () -> data.putIfVersion("client:ops", "{\"v\":3}", created.version()));
    assertEquals(replaced.version(), stale.currentVersion());
    assertThrows(VersionConflictException.class, () -> data.putIfAbsent("client:ops", "0"));
    assertTrue(data.putIfAbsent("client:fresh", "0").created());
    assertThrows(VersionConflictException.class, () -> data.putIfPresent("client:never", "0"));

    OptionalLong deleted = data.deleteIfVersion("client:ops", replaced.version());
    assertTrue(deleted.isPresent());
    assertEquals(Optional.empty(), data.get("client:ops"));
    assertEquals(OptionalLong.empty(), data.delete("client:ops"));
    assertEquals("{\"k\":\"a/b?c d\"}", roundTrip(data, "odd/key?with spaces%and-ünïcode"));
  }

  @Test
  @Order(2)
  void routedClientAvoidsHops() throws Exception {
    writeKeys(client.blocking(), "routed");
    Thread.sleep(3_000); // two routing refreshes on every node, so headers and tables name every owner
    readKeys(client.blocking(), "routed"); // warm-up: the client learns placements made after its first load
    ClientStats before = client.stats();
    readKeys(client.blocking(), "routed");
    ClientStats after = client.stats();
    long requests = after.requests() - before.requests();
    long hops = after.hops() - before.hops();
    log.info("routed client: {} hops in {} requests", hops, requests);
    assertEquals(KEYS, requests);
    assertTrue(hops <= KEYS / 50, hops + " of " + requests + " requests needed a hop with routing on");

    try (CohortClient roundRobin = new CohortClient(config().routingEnabled(false).build())) {
      readKeys(roundRobin.blocking(), "routed");
      ClientStats unrouted = roundRobin.stats();
      log.info("round-robin client: {} hops in {} requests", unrouted.hops(), unrouted.requests());
      assertTrue(unrouted.hops() > unrouted.requests() / 3,
          unrouted.hops() + " of " + unrouted.requests() + " requests needed a hop with routing off");
    }
  }

  @Test
  @Order(3)
  void nonOwnerRedirectsToOwner() throws Exception {
    String key = "routed:0";
    String owner = ownerOf(key);
    NodeProcess other = otherThan(owner);
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(other.baseUrl() + "/v1/kv/routed:0"))
            .header("Cohort-Redirect", "true").timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(307, response.statusCode(), response.body());
    assertEquals(owner + "/v1/kv/routed:0", response.headers().firstValue("Location").orElse(""));
    assertEquals(owner, response.headers().firstValue("Cohort-Owner").orElse(""));

    try (CohortClient redirecting = new CohortClient(config().redirectMode(true).routingEnabled(false).build())) {
      readKeys(redirecting.blocking(), "routed");
      ClientStats stats = redirecting.stats();
      log.info("redirect-mode client without a table: {} redirects in {} requests", stats.redirects(), stats.requests());
      assertTrue(stats.redirects() > 0, stats.toString());
      assertEquals(0, stats.hops(), stats.toString());
    }
  }

  @Test
  @Order(4)
  void pausedOwnerTimesOut() throws Exception {
    String key = "routed:1";
    NodeProcess owner = nodeAt(ownerOf(key));
    try (CohortClient impatient = new CohortClient(config()
        .requestTimeout(Duration.ofMillis(500)).maxRetries(0).build())) {
      assertTrue(impatient.blocking().get(key).isPresent());
      cluster.pause(owner);
      try {
        assertThrows(CohortTimeoutException.class, () -> impatient.blocking().get(key));
      } finally {
        cluster.resume(owner);
      }
    }
  }

  @Test
  @Order(5)
  void gracefulLeaveCostsOneExtraRequest() throws Exception {
    NodeProcess leaving = cluster.node(3);
    leaving.requestStop();
    leaving.stop(Duration.ofSeconds(60));
    assertFalse(leaving.isAlive());
    checkAfterPlacementChange("leave");
  }

  @Test
  @Order(6)
  void killCostsOneExtraRequest() throws Exception {
    cluster.node(2).kill();
    awaitServing(Duration.ofSeconds(60));
    checkAfterPlacementChange("kill");
  }

  /**
   * Reads and conditionally rewrites every key with a cache from before the change: each operation takes at
   * most one extra request, and once the caches have caught up, requests go straight to the owners.
   */
  private static void checkAfterPlacementChange(String phase) throws Exception {
    BlockingCohortClient data = client.blocking();
    ClientStats before = client.stats();
    long started = System.nanoTime();
    for (int i = 0; i < KEYS; i++) {
      String key = "routed:" + i;
      Versioned current = data.get(key).orElseThrow(() -> new AssertionError(key + " is missing"));
      data.putIfVersion(key, "{\"n\":" + i + ",\"after\":\"" + phase + "\"}", current.version());
      assertThrows(VersionConflictException.class, () -> data.putIfVersion(key, "0", current.version()));
    }
    ClientStats after = client.stats();
    long operations = 3L * KEYS;
    long requests = after.requests() - before.requests();
    log.info("{}: {} requests, {} hops, {} routing fetches for {} operations", phase, requests,
        after.hops() - before.hops(), after.routingFetches() - before.routingFetches(), operations);
    assertTrue(requests <= 2 * operations, requests + " requests for " + operations + " operations after " + phase);
    long fetches = after.routingFetches() - before.routingFetches();
    long seconds = 1 + (System.nanoTime() - started) / 1_000_000_000L;
    // The client starts at most 2 table loads a second, and each load tries up to 3 nodes.
    assertTrue(fetches <= 3 * (2 * seconds + 1), fetches + " routing fetches in " + seconds + " s after " + phase);

    Thread.sleep(3_000);
    ClientStats settledBefore = client.stats();
    readKeys(data, "routed");
    ClientStats settled = client.stats();
    long hops = settled.hops() - settledBefore.hops();
    assertTrue(hops <= KEYS / 50, hops + " hops in " + KEYS + " reads once routes settled after " + phase);
  }

  private static void writeKeys(BlockingCohortClient data, String prefix) {
    for (int i = 0; i < KEYS; i++) {
      data.put(prefix + ":" + i, "{\"n\":" + i + "}");
    }
  }

  private static void readKeys(BlockingCohortClient data, String prefix) {
    for (int i = 0; i < KEYS; i++) {
      Versioned read = data.get(prefix + ":" + i).orElseThrow(() -> new AssertionError("missing key"));
      assertTrue(read.json().startsWith("{\"n\":" + i), read.toString());
    }
  }

  private static String roundTrip(BlockingCohortClient data, String key) {
    data.put(key, "{\"k\":\"a/b?c d\"}");
    return data.get(key).orElseThrow().json();
  }

  /** Returns the owner's endpoint from the routing table of node 1, waiting for the partition to appear. */
  private static String ownerOf(String key) throws Exception {
    int partition = new Partitioner(PARTITIONS).partitionOf(key);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int attempt = 0; attempt < 50; attempt++) {
      var table = mapper.readTree(io.cohort.chaos.harness.KvHttp.getPath(cluster.node(1).baseUrl(), "/v1/routing").body());
      for (var route : table.get("partitions")) {
        if (route.get("partition").asInt() == partition && route.hasNonNull("endpoint")) {
          return route.get("endpoint").asText();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("partition " + partition + " of " + key + " has no owner in /v1/routing");
  }

  private static NodeProcess nodeAt(String endpoint) {
    for (int index = 1; index <= 3; index++) {
      if (cluster.node(index).baseUrl().equals(endpoint)) {
        return cluster.node(index);
      }
    }
    throw new AssertionError("no node serves " + endpoint);
  }

  private static NodeProcess otherThan(String endpoint) {
    for (int index = 1; index <= 3; index++) {
      if (!cluster.node(index).baseUrl().equals(endpoint)) {
        return cluster.node(index);
      }
    }
    throw new AssertionError("every node serves " + endpoint);
  }

  /** Waits until a read of every one of a spread of keys succeeds, which needs the killed node removed. */
  private static void awaitServing(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < KEYS; i += 10) {
      pending.add("routed:" + i);
    }
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      List<CompletableFuture<Boolean>> reads = new ArrayList<>();
      for (String key : pending) {
        reads.add(client.get(key).toCompletableFuture().handle((value, error) -> error == null));
      }
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        if (!reads.get(i).get(30, TimeUnit.SECONDS)) {
          failed.add(pending.get(i));
        }
      }
      pending = failed;
      if (!pending.isEmpty()) {
        Thread.sleep(1_000);
      }
    }
    assertTrue(pending.isEmpty(), "keys still unavailable after " + timeout.toSeconds() + " s: " + pending);
  }
}
