package io.cohort.chaos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.chaos.harness.KvHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Creates the namespaces of the level benchmark and reads back the journal consistency each one got. */
final class LevelNamespaces {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
  /**
   * Bound on the retries of a 503 or a client timeout. The API returns 503 while the namespace registry is
   * not reachable, and on a 2-core machine creating a namespace once took longer than KvHttp's 10 s timeout.
   */
  private static final int MAX_ATTEMPTS = 30;
  /** Bound on the wait for a new namespace to show on the other nodes, which refresh every 2 s by default. */
  private static final Duration VISIBLE_BOUND = Duration.ofSeconds(60);

  private LevelNamespaces() {}

  /**
   * Creates the namespace of {@code target} through {@code creator} with replication factor 3 and
   * {@code partitions} partitions, unless it is the built-in one. A 503 or a client timeout may come after the
   * registry stored the namespace, so each retry first checks whether the namespace exists. A 409 counts as
   * created when the existing namespace has the requested level, because the cluster starts empty and only
   * an earlier attempt can have created it.
   */
  static void create(String creator, LevelTarget target, int partitions) throws InterruptedException {
    if (target.isBuiltIn()) {
      return;
    }
    String json = "{\"name\":\"" + target.namespace() + "\",\"level\":\"" + target.level()
        + "\",\"replicationFactor\":3,\"partitions\":" + partitions + "}";
    KvHttp.Result result = KvHttp.send(creator, "POST", "/v1/namespaces", json, java.time.Duration.ofSeconds(130));
    for (int attempt = 1; isUncertain(result) && attempt < MAX_ATTEMPTS; attempt++) {
      System.out.println("levels: creating " + target.namespace() + " returned " + result.status()
          + " (attempt " + attempt + " of " + MAX_ATTEMPTS + "): " + result.body());
      Thread.sleep(RETRY_INTERVAL.toMillis());
      if (hasLevel(creator, target)) {
        return;
      }
      result = KvHttp.send(creator, "POST", "/v1/namespaces", json, java.time.Duration.ofSeconds(130));
    }
    if (result.status() == 409 && hasLevel(creator, target)) {
      return;
    }
    if (result.status() != 201) {
      throw new IllegalStateException("POST /v1/namespaces " + json + " on " + creator + " returned "
          + result.status() + " instead of 201: " + result.body());
    }
  }

  /** Returns whether the outcome of a create request is unknown: a 503, or no response (status 0). */
  private static boolean isUncertain(KvHttp.Result result) {
    return result.status() == 503 || result.status() == 0;
  }

  private static boolean hasLevel(String endpoint, LevelTarget target) {
    KvHttp.Result existing = KvHttp.getPath(endpoint, "/v1/namespaces/" + target.namespace());
    if (existing.status() != 200) {
      return false;
    }
    try {
      return target.level().equals(MAPPER.readTree(existing.body()).path("level").asText());
    } catch (IOException e) {
      throw new IllegalStateException("GET /v1/namespaces/" + target.namespace() + " on " + endpoint
          + " returned invalid JSON: " + existing.body(), e);
    }
  }

  /**
   * Waits until every endpoint returns the namespace of {@code target}, and returns the namespace as the last
   * endpoint reports it, with its effective {@code writeConsistency} and {@code partitions}.
   */
  static JsonNode awaitVisible(List<String> endpoints, LevelTarget target) throws InterruptedException, IOException {
    String path = "/v1/namespaces/" + target.namespaceName();
    long deadline = System.nanoTime() + VISIBLE_BOUND.toNanos();
    KvHttp.Result result = null;
    for (String endpoint : endpoints) {
      result = KvHttp.getPath(endpoint, path);
      while (result.status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(500);
        result = KvHttp.getPath(endpoint, path);
      }
      if (result.status() != 200) {
        throw new IllegalStateException("GET " + path + " on " + endpoint + " still returned " + result.status()
            + " after " + VISIBLE_BOUND.toSeconds() + " s: " + result.body());
      }
    }
    return MAPPER.readTree(result.body());
  }
}
