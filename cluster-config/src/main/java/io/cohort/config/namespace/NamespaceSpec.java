package io.cohort.config.namespace;

import java.util.regex.Pattern;

/**
 * The settings of one namespace, validated. Everything but {@code defaultTtlSeconds} is fixed when the
 * namespace is created.
 *
 * @param name lowercase letters, digits, '-' and '_', at most 48 characters
 * @param partitions number of partitions the namespace's keys hash to
 * @param level the promise about acknowledged writes
 * @param replicationFactor copies of each journal event in Cassandra
 * @param role cluster role of the nodes that host the namespace's partitions
 * @param maxValueBytes largest value a write may carry
 * @param defaultTtlSeconds lifetime of a written value in seconds; 0 keeps values until they are deleted
 * @param writeConsistency journal replicas that must have a write before it is acknowledged
 * @param recoveryConsistency journal replicas a recovering partition reads from
 */
public record NamespaceSpec(
    String name,
    int partitions,
    ConsistencyLevel level,
    int replicationFactor,
    String role,
    long maxValueBytes,
    long defaultTtlSeconds,
    ReplicaConsistency writeConsistency,
    ReplicaConsistency recoveryConsistency) {

  /** The namespace that {@code /v1/kv/{key}} addresses, configured by {@code cohort.partitions}. */
  public static final String DEFAULT_NAME = "default";
  public static final int MAX_NAME_LENGTH = 48;
  public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1," + MAX_NAME_LENGTH + "}");
  /** Upper bound on partitions: each is a shard that the coordinator tracks and a node may host. */
  public static final int MAX_PARTITIONS = 4096;
  /** Upper bound on the replication factor: more copies than this exceed any single-datacenter setup here. */
  public static final int MAX_REPLICATION_FACTOR = 5;
  /** Upper bound on the default TTL, Cassandra's own limit of 20 years. */
  public static final long MAX_TTL_SECONDS = 20L * 365 * 24 * 3600;

  public NamespaceSpec withDefaultTtlSeconds(long seconds) {
    return new NamespaceSpec(name, partitions, level, replicationFactor, role, maxValueBytes, seconds,
        writeConsistency, recoveryConsistency);
  }

  /** Journal replicas a write waits for under this namespace's replication factor. */
  public int writeReplicas() {
    return writeConsistency.replicas(replicationFactor);
  }

  /** Journal replicas a recovery reads under this namespace's replication factor. */
  public int recoveryReplicas() {
    return recoveryConsistency.replicas(replicationFactor);
  }
}
