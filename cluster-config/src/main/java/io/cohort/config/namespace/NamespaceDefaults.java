package io.cohort.config.namespace;

/**
 * Values a new namespace gets for the fields its request leaves out, and the node limits it must stay within.
 *
 * @param partitions partition count of a namespace that names none
 * @param level consistency level of a namespace that names none
 * @param replicationFactor from {@code cohort.cassandra.replication-factor}
 * @param role from {@code cohort.partitions.role}
 * @param maxValueBytes from {@code cohort.limits.max-value-bytes}, also the largest value a namespace may allow
 */
public record NamespaceDefaults(
    int partitions, ConsistencyLevel level, int replicationFactor, String role, long maxValueBytes) {}
