package io.cohort.client;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Blocking view of a {@link CohortClient}, created with {@link CohortClient#blocking()}. Each method waits for
 * the matching asynchronous operation and throws its {@link CohortException} directly, not wrapped in a
 * {@link java.util.concurrent.CompletionException}. The thrown exception's stack trace is the one from the
 * client's thread that failed the operation.
 */
public final class BlockingCohortClient implements AutoCloseable {
  private final CohortClient client;

  BlockingCohortClient(CohortClient client) {
    this.client = client;
  }

  /** Reads {@code key}. See {@link CohortClient#get(String)}. */
  public Optional<Versioned> get(String key) {
    return await(client.get(key));
  }

  /** Stores {@code json} under {@code key}. See {@link CohortClient#put(String, String)}. */
  public WriteResult put(String key, String json) {
    return await(client.put(key, json));
  }

  /** Replaces {@code key} if its version is {@code version}. See {@link CohortClient#putIfVersion}. */
  public WriteResult putIfVersion(String key, String json, long version) {
    return await(client.putIfVersion(key, json, version));
  }

  /** Creates {@code key} if it does not exist. See {@link CohortClient#putIfAbsent(String, String)}. */
  public WriteResult putIfAbsent(String key, String json) {
    return await(client.putIfAbsent(key, json));
  }

  /** Replaces {@code key} if it exists. See {@link CohortClient#putIfPresent(String, String)}. */
  public WriteResult putIfPresent(String key, String json) {
    return await(client.putIfPresent(key, json));
  }

  /** Deletes {@code key}. See {@link CohortClient#delete(String)}. */
  public OptionalLong delete(String key) {
    return await(client.delete(key));
  }

  /** Deletes {@code key} if its version is {@code version}. See {@link CohortClient#deleteIfVersion}. */
  public OptionalLong deleteIfVersion(String key, long version) {
    return await(client.deleteIfVersion(key, version));
  }

  /**
   * Returns the blocking view of namespace {@code name}. See {@link CohortClient#namespace(String)}, whose view
   * this one waits for. This method is the only source of blocking namespace views, because
   * {@link CohortNamespace} has no {@code blocking()}.
   *
   * @throws IllegalArgumentException if {@code name} is not 1 to 48 lowercase letters, digits, '-' or '_'
   */
  public BlockingCohortNamespace namespace(String name) {
    return new BlockingCohortNamespace(client.namespace(name));
  }

  /** Returns a snapshot of the underlying client's counters. */
  public ClientStats stats() {
    return client.stats();
  }

  /** Closes the underlying client. */
  @Override
  public void close() {
    client.close();
  }

  /**
   * Waits for {@code stage} and returns its value.
   *
   * @throws CohortException the operation's failure, or one wrapping an interrupt (the interrupt flag is set again)
   */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CohortException("interrupted while waiting for a Cohort operation", 0, null, e);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new CohortException("Cohort operation failed: " + cause, 0, null, cause);
    }
  }
}
