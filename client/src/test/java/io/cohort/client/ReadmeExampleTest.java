package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the client example of the README, line for line, against a fake three-node cluster. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(3)) {
      List<URI> seeds = cluster.endpoints();
      String result = example(seeds.get(0).toString(), seeds.get(1).toString(), seeds.get(2).toString());
      assertEquals("{\"items\":[\"book\"]}", result);
    }
  }

  private static String example(String seed1, String seed2, String seed3) throws Exception {
    // README example start
    CohortClientConfig config = CohortClientConfig.builder()
        .seed(seed1).seed(seed2).seed(seed3)
        .requestTimeout(Duration.ofSeconds(2))
        .build();
    try (CohortClient client = new CohortClient(config)) {
      BlockingCohortClient blocking = client.blocking();
      WriteResult created = blocking.putIfAbsent("cart:42", "{\"items\":[]}");
      try {
        blocking.putIfVersion("cart:42", "{\"items\":[\"book\"]}", created.version());
      } catch (VersionConflictException e) {
        // Another writer came first: read e.currentVersion() or the key again, then retry.
      }
      Optional<Versioned> cart = client.get("cart:42").toCompletableFuture().get(2, TimeUnit.SECONDS);
      ClientStats stats = client.stats(); // requests, hops between nodes, routing fetches, retries
      // README example end
      assertTrue(stats.requests() >= 3, stats.toString());
      return cart.orElseThrow().json();
    }
  }
}
