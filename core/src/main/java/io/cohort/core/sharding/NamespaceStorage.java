package io.cohort.core.sharding;

import io.cohort.config.namespace.JournalPlugins;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.partition.PartitionStorage;
import java.util.Optional;

/** Chooses the journal and snapshot plugins of each namespace's partitions. */
@FunctionalInterface
public interface NamespaceStorage {

  PartitionStorage storageOf(Namespace namespace);

  /**
   * Returns the Cassandra plugins of {@link JournalPlugins}, one per level, replication factor and consistency pair,
   * with {@code replicaCheck} guarding every write. The built-in namespace keeps the default plugin.
   */
  static NamespaceStorage perLevel(ReplicaCheck replicaCheck) {
    return namespace -> {
      if (namespace.isDefault()) {
        return PartitionStorage.DEFAULT;
      }
      NamespaceSpec spec = namespace.spec();
      return new PartitionStorage(namespace.entityType(), JournalPlugins.journalOf(spec),
          JournalPlugins.snapshotOf(spec), () -> replicaCheck.missing(spec));
    };
  }

  /**
   * Returns the node's default journal and snapshot plugins for every namespace, such as the persistence test
   * kit in tests. The level then changes only what the API reports.
   */
  static NamespaceStorage defaultPlugins() {
    return namespace -> new PartitionStorage(namespace.entityType(), "", "", Optional::empty);
  }
}
