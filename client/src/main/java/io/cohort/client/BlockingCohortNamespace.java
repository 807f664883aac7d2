package io.cohort.client;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Blocking view of one namespace, created with {@link BlockingCohortClient#namespace(String)}. Each method waits
 * for the matching operation of {@link CohortNamespace} and throws its {@link CohortException} directly, as
 * {@link BlockingCohortClient} does. The view shares the client's lifecycle and has no {@code close()}.
 */
public final class BlockingCohortNamespace {
  private final CohortNamespace namespace;

  BlockingCohortNamespace(CohortNamespace namespace) {
    this.namespace = namespace;
  }

  /** Returns the namespace name. */
  public String name() {
    return namespace.name();
  }

  /** Reads {@code key} in this namespace. See {@link CohortClient#get(String)}. */
  public Optional<Versioned> get(String key) {
    return BlockingCohortClient.await(namespace.get(key));
  }

  /** Stores {@code json} under {@code key} in this namespace. See {@link CohortClient#put(String, String)}. */
  public WriteResult put(String key, String json) {
    return BlockingCohortClient.await(namespace.put(key, json));
  }

  /** Replaces {@code key} if its version is {@code version}. See {@link CohortClient#putIfVersion}. */
  public WriteResult putIfVersion(String key, String json, long version) {
    return BlockingCohortClient.await(namespace.putIfVersion(key, json, version));
  }

  /** Creates {@code key} if it does not exist. See {@link CohortClient#putIfAbsent(String, String)}. */
  public WriteResult putIfAbsent(String key, String json) {
    return BlockingCohortClient.await(namespace.putIfAbsent(key, json));
  }

  /** Replaces {@code key} if it exists. See {@link CohortClient#putIfPresent(String, String)}. */
  public WriteResult putIfPresent(String key, String json) {
    return BlockingCohortClient.await(namespace.putIfPresent(key, json));
  }

  /** Deletes {@code key} in this namespace. See {@link CohortClient#delete(String)}. */
  public OptionalLong delete(String key) {
    return BlockingCohortClient.await(namespace.delete(key));
  }

  /** Deletes {@code key} if its version is {@code version}. See {@link CohortClient#deleteIfVersion}. */
  public OptionalLong deleteIfVersion(String key, long version) {
    return BlockingCohortClient.await(namespace.deleteIfVersion(key, version));
  }

  @Override
  public String toString() {
    return "BlockingCohortNamespace[" + namespace.name() + "]";
  }
}
