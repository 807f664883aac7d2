package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingCacheTest {
  private static final URI SEED = URI.create("http://127.0.0.1:1");
  private static final URI NODE_A = URI.create("http://127.0.0.1:2");
  private static final URI NODE_B = URI.create("http://127.0.0.1:3");

  @Test
  void seedsAreKnownBeforeLoad() {
    RoutingCache cache = new RoutingCache(List.of(SEED));

    assertFalse(cache.isLoaded());
    assertEquals(List.of(SEED), cache.knownNodes());
    assertEquals(Optional.empty(), cache.ownerOf("k"));
    assertFalse(cache.applyHint(0, NODE_A, 5));
  }

  @Test
  void hintAppliesOnlyWhenNotOlder() {
    RoutingCache cache = new RoutingCache(List.of(SEED));
    cache.install(new RoutingTable(100, 4, List.of(NODE_A), Map.of(0, NODE_A)));

    assertFalse(cache.applyHint(0, NODE_B, 99));
    assertEquals(NODE_A, cache.ownerOf(0).endpoint());
    assertTrue(cache.applyHint(0, NODE_B, 100));
    assertEquals(NODE_B, cache.ownerOf(0).endpoint());
    assertFalse(cache.applyHint(0, NODE_B, 101), "same owner is no change");
    assertEquals(101, cache.ownerOf(0).epoch());
    assertFalse(cache.applyHint(7, NODE_B, 200), "partition out of range");
  }

  @Test
  void installKeepsNewerHints() {
    RoutingCache cache = new RoutingCache(List.of(SEED));
    cache.install(new RoutingTable(100, 4, List.of(NODE_A), Map.of(0, NODE_A, 1, NODE_A)));
    cache.applyHint(0, NODE_B, 150);

    cache.install(new RoutingTable(120, 4, List.of(NODE_A, NODE_B), Map.of(0, NODE_A, 1, NODE_B)));

    assertEquals(NODE_B, cache.ownerOf(0).endpoint());
    assertEquals(NODE_B, cache.ownerOf(1).endpoint());
    assertEquals(120, cache.epoch());
    assertEquals(List.of(NODE_A, NODE_B, SEED), cache.knownNodes());
  }

  @Test
  void installWithNewPartitionCountDropsOldEntries() {
    RoutingCache cache = new RoutingCache(List.of(SEED));
    cache.install(new RoutingTable(100, 4, List.of(), Map.of(0, NODE_A)));

    cache.install(new RoutingTable(90, 8, List.of(), Map.of(5, NODE_B)));

    assertEquals(null, cache.ownerOf(0));
    assertEquals(NODE_B, cache.ownerOf(5).endpoint());
    assertEquals(90, cache.epoch());
  }
}
