package io.cohort.config;

import com.typesafe.config.Config;

/**
 * Partition count, snapshot schedule, size cap, lease and hosting role of the partitions keys are split into,
 * and the most placement groups a namespace's partitions are placed in. An empty {@code role} lets partitions
 * run on every node.
 */
public record PartitionSettings(int count, int snapshotEvery, int keepSnapshots, long maxBytes,
    String leaseConfigPath, String role, GroupCommitSettings groupCommit, int placementGroups) {

  /** The default of {@code cohort.partitions.placement-groups}. */
  public static final int DEFAULT_PLACEMENT_GROUPS = 32;

  /** Settings without a partition lease, hosted on every node, with the default group commit. */
  public PartitionSettings(int count, int snapshotEvery, int keepSnapshots, long maxBytes) {
    this(count, snapshotEvery, keepSnapshots, maxBytes, "");
  }

  /** Settings hosted on every node, with the default group commit and placement groups. */
  public PartitionSettings(int count, int snapshotEvery, int keepSnapshots, long maxBytes, String leaseConfigPath) {
    this(count, snapshotEvery, keepSnapshots, maxBytes, leaseConfigPath, "", GroupCommitSettings.DEFAULT,
        DEFAULT_PLACEMENT_GROUPS);
  }

  public PartitionSettings withGroupCommit(GroupCommitSettings newGroupCommit) {
    return new PartitionSettings(count, snapshotEvery, keepSnapshots, maxBytes, leaseConfigPath, role,
        newGroupCommit, placementGroups);
  }

  public boolean roleRequired() {
    return !role.isEmpty();
  }

  public boolean leaseEnabled() {
    return !leaseConfigPath.isEmpty();
  }

  /** Upper bound on {@code count}, because each partition is one entity that its node keeps in memory. */
  public static final int MAX_COUNT = 65_536;

  /**
   * Upper bound on {@code max-bytes}. A snapshot is one Cassandra mutation, and Cassandra rejects a mutation
   * larger than half a commit-log segment (16 MiB with the default 32 MiB segment). The margin covers
   * encoding overhead.
   */
  public static final long MAX_PARTITION_BYTES = 12L * 1024 * 1024;

  static PartitionSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.partitions");
    return new PartitionSettings(
        values.intBetween("count", 1, MAX_COUNT),
        values.intBetween("snapshot-every", 10, 1_000_000),
        values.intBetween("keep-snapshots", 1, 100),
        values.bytesBetween("max-bytes", 64 * 1024, MAX_PARTITION_BYTES),
        config.getString("lease").trim(),
        config.getString("role").trim(),
        GroupCommitSettings.fromConfig(config.getConfig("group-commit")),
        values.intBetween("placement-groups", 1, MAX_COUNT));
  }
}
