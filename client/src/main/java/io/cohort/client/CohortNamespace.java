package io.cohort.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Asynchronous view of one namespace of a {@link CohortClient}, created with {@link CohortClient#namespace(String)}.
 * Its operations behave as the client's operations of the same name, with the same retries, errors and argument
 * checks, but address {@code /v1/ns/{name}/kv/{key}}. The view shares the client's nodes, counters and lifecycle,
 * so it stops working once the client is closed. For blocking calls use {@link BlockingCohortClient#namespace}.
 *
 * <p>The view of {@code default} is the client's own view of the built-in namespace: it sends to
 * {@code /v1/kv/{key}} and uses the routing cache and redirect mode. Other namespaces use neither, because the
 * server sends no owner hints for them and does not redirect them. Each of their requests goes round-robin over
 * the known nodes, as the client does for a key without a cached owner, and {@link ClientStats#hops()} does not
 * count them.
 *
 * <p>A namespace that does not exist fails every operation with {@link NamespaceNotFoundException}, while a
 * missing key in an existing namespace makes {@code get} and {@code delete} complete with empty.
 */
public final class CohortNamespace {
  private final CohortClient client;
  private final KeyResponses responses;
  private final String name;

  CohortNamespace(CohortClient client, KeyResponses responses, String name) {
    this.client = client;
    this.responses = responses;
    this.name = name;
  }

  /** Returns the namespace name. */
  public String name() {
    return name;
  }

  /** Reads {@code key} in this namespace. See {@link CohortClient#get(String)}. */
  public CompletionStage<Optional<Versioned>> get(String key) {
    requireKey(key);
    KeyRequest request = new KeyRequest(name, "GET", key, null, Map.of());
    return client.run(request, response -> responses.decodeGet(request, response));
  }

  /** Stores {@code json} under {@code key} in this namespace. See {@link CohortClient#put(String, String)}. */
  public CompletionStage<WriteResult> put(String key, String json) {
    return write(key, json, Map.of());
  }

  /**
   * Replaces {@code key} in this namespace if its version is {@code version}. See
   * {@link CohortClient#putIfVersion(String, String, long)}.
   *
   * @throws IllegalArgumentException if {@code version} is less than 1
   */
  public CompletionStage<WriteResult> putIfVersion(String key, String json, long version) {
    return write(key, json, Map.of("If-Match", etagOf(version)));
  }

  /** Creates {@code key} in this namespace if it does not exist. See {@link CohortClient#putIfAbsent}. */
  public CompletionStage<WriteResult> putIfAbsent(String key, String json) {
    return write(key, json, Map.of("If-None-Match", "*"));
  }

  /** Replaces {@code key} in this namespace if it exists. See {@link CohortClient#putIfPresent}. */
  public CompletionStage<WriteResult> putIfPresent(String key, String json) {
    return write(key, json, Map.of("If-Match", "*"));
  }

  /** Deletes {@code key} in this namespace. See {@link CohortClient#delete(String)}. */
  public CompletionStage<OptionalLong> delete(String key) {
    requireKey(key);
    KeyRequest request = new KeyRequest(name, "DELETE", key, null, Map.of());
    return client.run(request, response -> responses.decodeDelete(request, false, response));
  }

  /**
   * Deletes {@code key} in this namespace if its version is {@code version}. See
   * {@link CohortClient#deleteIfVersion(String, long)}.
   *
   * @throws IllegalArgumentException if {@code version} is less than 1
   */
  public CompletionStage<OptionalLong> deleteIfVersion(String key, long version) {
    requireKey(key);
    KeyRequest request = new KeyRequest(name, "DELETE", key, null, Map.of("If-Match", etagOf(version)));
    return client.run(request, response -> responses.decodeDelete(request, true, response));
  }

  @Override
  public String toString() {
    return "CohortNamespace[" + name + "]";
  }

  private CompletionStage<WriteResult> write(String key, String json, Map<String, String> conditions) {
    requireKey(key);
    Objects.requireNonNull(json, "json");
    KeyRequest request = new KeyRequest(name, "PUT", key, json, conditions);
    return client.run(request, response -> responses.decodePut(request, response));
  }

  private static void requireKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (key.equals(".") || key.equals("..")) {
      throw new IllegalArgumentException("key [" + key + "] is invalid: HTTP treats '.' and '..' as path"
          + " dot-segments, even percent-encoded, so the server rejects them; choose another key");
    }
  }

  private static String etagOf(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version
          + "; use putIfAbsent to write a key that must not exist");
    }
    return "\"" + version + "\"";
  }
}
