package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceSpec;

/**
 * A namespace as stored in the registry: its settings and the generation it was created in. A namespace that
 * is deleted and created again under the same name gets a new generation, so its partitions start with empty
 * journals instead of the old namespace's data.
 *
 * @param spec the validated settings
 * @param generation the registry revision that created it; 0 for the built-in {@code default} namespace
 */
public record Namespace(NamespaceSpec spec, long generation) {

  /** Entity type name of the built-in namespace, kept from before namespaces existed so its journals stay. */
  public static final String DEFAULT_ENTITY_TYPE = "kv";

  public String name() {
    return spec.name();
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isDefault() {
    return generation == 0 && spec.name().equals(NamespaceSpec.DEFAULT_NAME);
  }

  /**
   * Returns the Cluster Sharding entity type of this namespace's partitions, which also prefixes their
   * persistence ids: {@code kv} for the built-in namespace, {@code ns-<name>-<generation>} for others.
   */
  public String entityType() {
    return isDefault() ? DEFAULT_ENTITY_TYPE : "ns-" + spec.name() + "-" + generation;
  }
}
