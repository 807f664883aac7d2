package io.cohort.persistence.lease;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Conditional writes of lease rows. {@link CassandraLeaseStore} runs them as Cassandra lightweight
 * transactions, and tests wrap it to hold back renewals.
 *
 * <p>Every method returns a stage that completes exceptionally when the outcome is unknown, for example
 * on a timeout, because the write may or may not have been applied.
 */
interface LeaseStore {

  /**
   * Outcome of one conditional write.
   *
   * @param applied whether the condition held and Cassandra wrote the change
   * @param currentOwner when not applied, the owner that the row names, or null when there is no row
   * @param sentNanos {@link System#nanoTime()} just before the statement was sent, so Cassandra applied
   *     the write no earlier than this
   */
  record LeaseWrite(boolean applied, String currentOwner, long sentNanos) {}

  /** Writes the row with {@code owner} and a TTL when no row for {@code name} exists. */
  CompletionStage<LeaseWrite> insertIfAbsent(String name, String owner, int ttlSeconds, Duration timeout);

  /** Rewrites {@code owner} with a fresh TTL when the row names {@code owner}. */
  CompletionStage<LeaseWrite> renew(String name, String owner, int ttlSeconds, Duration timeout);

  /** Deletes the row when it names {@code owner}. */
  CompletionStage<LeaseWrite> deleteIfOwner(String name, String owner, Duration timeout);
}
