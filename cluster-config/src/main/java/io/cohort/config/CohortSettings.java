package io.cohort.config;

import com.typesafe.config.Config;

/**
 * All Cohort settings of one node, read once from the {@code cohort} section and validated. Each record
 * mirrors one block of {@code reference.conf}, where every key is documented.
 */
public record CohortSettings(
    NodeSettings node, PartitionSettings partitions, LimitSettings limits, CassandraSettings cassandra,
    NamespaceSettings namespaces) {

  /** Defaults and limits for namespaces created on this node, from these settings. */
  public io.cohort.config.namespace.NamespaceDefaults namespaceDefaults() {
    return new io.cohort.config.namespace.NamespaceDefaults(namespaces.defaultPartitions(),
        namespaces.defaultLevel(), cassandra.replicationFactor(), partitions.role(), limits.maxValueBytes());
  }

  public static CohortSettings fromConfig(Config root) {
    Config cohort = root.getConfig("cohort");
    return new CohortSettings(
        NodeSettings.fromConfig(cohort.getConfig("node")),
        PartitionSettings.fromConfig(cohort.getConfig("partitions")),
        LimitSettings.fromConfig(cohort.getConfig("limits")),
        CassandraSettings.fromConfig(cohort.getConfig("cassandra")),
        NamespaceSettings.fromConfig(cohort.getConfig("namespaces")));
  }
}
