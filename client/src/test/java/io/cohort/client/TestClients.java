package io.cohort.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Client settings shared by the tests: all nodes of the fake cluster as seeds and short backoff delays. */
final class TestClients {
  private TestClients() {}

  static CohortClientConfig.Builder configFor(FakeCohortCluster cluster) {
    return configFor(cluster.endpoints());
  }

  static CohortClientConfig.Builder configFor(List<URI> seeds) {
    return CohortClientConfig.builder()
        .seeds(seeds)
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .backoffBase(Duration.ofMillis(5))
        .backoffMax(Duration.ofMillis(20));
  }

  /** Polls {@code condition} every 10 ms until it is true or {@code timeout} passes, and returns its last value. */
  static boolean awaitCondition(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
