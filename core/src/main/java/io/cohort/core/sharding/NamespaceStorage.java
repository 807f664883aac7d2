package io.cohort.core.sharding;

import io.cohort.config.namespace.JournalPlugins;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.partition.PartitionStorage;
import io.cohort.config.namespace.FieldError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;

/** Chooses the journal and snapshot plugins of each namespace's partitions. */
@FunctionalInterface
public interface NamespaceStorage {

  PartitionStorage storageOf(Namespace namespace);

  /**
   * Prepares the journal of a namespace about to be created, such as its keyspaces and tables, so that its
   * partitions on every node find them. Does nothing by default.
   */
  default CompletionStage<Done> prepare(NamespaceSpec spec) {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /**
   * Returns the settings of {@code spec} that this storage cannot serve, such as a replication factor above
   * the number of Cassandra nodes; empty when it can. Accepts everything by default.
   */
  default List<FieldError> check(NamespaceSpec spec) {
    return List.of();
  }

  /**
   * Returns the Cassandra plugins of {@link JournalPlugins}, one per level, replication factor and consistency pair,
   * with {@code replicaCheck} guarding every write. The built-in namespace keeps the default plugin.
   * {@code createSchema} creates a plugin's keyspaces and tables, given its config path, when a namespace
   * that uses it is created; {@code capacity} explains why a spec cannot be served, if so.
   */
  static NamespaceStorage perLevel(ReplicaCheck replicaCheck, Function<String, CompletionStage<Done>> createSchema,
      Function<NamespaceSpec, Optional<String>> capacity) {
    return new NamespaceStorage() {
      @Override
      public List<FieldError> check(NamespaceSpec spec) {
        return capacity.apply(spec).map(problem -> List.of(new FieldError("replicationFactor",
            Integer.toString(spec.replicationFactor()), problem))).orElse(List.of());
      }

      @Override
      public PartitionStorage storageOf(Namespace namespace) {
        if (namespace.isDefault()) {
          return PartitionStorage.DEFAULT;
        }
        NamespaceSpec spec = namespace.spec();
        return new PartitionStorage(namespace.entityType(), JournalPlugins.journalOf(spec),
            JournalPlugins.snapshotOf(spec), () -> replicaCheck.missing(spec));
      }

      @Override
      public CompletionStage<Done> prepare(NamespaceSpec spec) {
        return createSchema.apply(JournalPlugins.pathOf(spec));
      }
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
