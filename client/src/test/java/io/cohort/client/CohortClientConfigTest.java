package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortClientConfigTest {
  @Test
  void defaultsMatchDocumentation() {
    CohortClientConfig config = CohortClientConfig.builder().seed("http://127.0.0.1:18080").build();

    assertEquals(List.of(URI.create("http://127.0.0.1:18080")), config.seeds());
    assertEquals(Duration.ofSeconds(2), config.connectTimeout());
    assertEquals(Duration.ofSeconds(5), config.requestTimeout());
    assertEquals(3, config.maxRetries());
    assertEquals(Duration.ofMillis(50), config.backoffBase());
    assertEquals(Duration.ofSeconds(1), config.backoffMax());
    assertTrue(config.routingEnabled());
    assertFalse(config.redirectMode());
    assertEquals(2, config.maxRoutingFetchesPerSecond());
    assertEquals(Duration.ofSeconds(1), config.unreachableNodeAvoidance());
  }

  @Test
  void seedIsNormalized() {
    CohortClientConfig config = CohortClientConfig.builder().seed("HTTP://Node-1.Example:80/").build();

    assertEquals(URI.create("http://node-1.example:80"), config.seeds().get(0));
  }

  @Test
  void missingSeedsRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CohortClientConfig.builder().build());

    assertTrue(error.getMessage().contains("at least one seed"), error.getMessage());
  }

  @Test
  void invalidSeedsRejectedWithReason() {
    String[][] seedsAndReasons = {
        {"ftp://127.0.0.1:21", "scheme must be http or https"},
        {"http://127.0.0.1:18080/v1", "path must be empty"},
        {"127.0.0.1:18080", "expected an endpoint such as http://"},
        {"localhost:18080", "not an absolute hierarchical URI"},
        {"http:///nohost", "host is missing"},
        {"http://user@127.0.0.1:1", "user info"},
        {"http://127.0.0.1:1/?a=b", "query and fragment"},
        {"http://bad host", "invalid seed endpoint"},
    };
    for (String[] seedAndReason : seedsAndReasons) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> CohortClientConfig.builder().seed(seedAndReason[0]), seedAndReason[0]);
      assertTrue(error.getMessage().contains(seedAndReason[1]), error.getMessage());
      assertTrue(error.getMessage().contains(seedAndReason[0]), error.getMessage());
    }
  }

  @Test
  void invalidNumbersRejected() {
    CohortClientConfig.Builder builder = CohortClientConfig.builder();

    assertThrows(IllegalArgumentException.class, () -> builder.maxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> builder.maxRoutingFetchesPerSecond(0));
    assertThrows(IllegalArgumentException.class, () -> builder.requestTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ofMillis(-1)));
  }

  @Test
  void backoffMaxBelowBaseRejected() {
    CohortClientConfig.Builder builder = CohortClientConfig.builder()
        .seed("http://127.0.0.1:1")
        .backoffBase(Duration.ofSeconds(2))
        .backoffMax(Duration.ofSeconds(1));

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);

    assertTrue(error.getMessage().contains("backoffMax"), error.getMessage());
  }
}
