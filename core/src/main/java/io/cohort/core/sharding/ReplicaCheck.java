package io.cohort.core.sharding;

import io.cohort.config.namespace.NamespaceSpec;
import java.util.Optional;

/**
 * Tells whether the journal has enough live replicas for a namespace's writes. The persistence layer
 * implements it from the Cassandra driver's view of the cluster. It must decide from memory, because a
 * partition calls it before every journal write.
 */
@FunctionalInterface
public interface ReplicaCheck {
  /** A check that never objects, for journals without replicas to watch. */
  ReplicaCheck NONE = spec -> Optional.empty();

  /**
   * Returns a sentence naming the replicas that are down when fewer are up than a write of {@code spec}
   * needs, or empty when a write can succeed.
   */
  Optional<String> missing(NamespaceSpec spec);
}
