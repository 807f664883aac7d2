package io.cohort.core.partition;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a partition keeps its journal and snapshots, and how it learns that the journal lacks replicas.
 *
 * @param entityType the namespace's entity type, the first part of the partition's persistence id
 * @param journalPluginId the journal plugin's config path; empty for the default plugin
 * @param snapshotPluginId the snapshot store plugin's config path; empty for the default plugin
 * @param missingReplicas describes the journal replicas that are down when fewer are up than a write needs,
 *     empty when a write can succeed. It runs before every journal write, so it must decide from memory
 */
public record PartitionStorage(String entityType, String journalPluginId, String snapshotPluginId,
    Supplier<Optional<String>> missingReplicas) {

  /** The default plugins, without a replica check, for the built-in namespace's entity type {@code kv}. */
  public static final PartitionStorage DEFAULT =
      new PartitionStorage("kv", "", "", Optional::empty);
}
