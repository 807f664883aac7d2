package io.cohort.config.namespace;

/**
 * A namespace as a client asked for it: every field may be missing (null). {@link NamespaceRules} fills in
 * the defaults and checks the values.
 */
public record NamespaceRequest(
    String name,
    Integer partitions,
    String level,
    Integer replicationFactor,
    String role,
    Long maxValueBytes,
    Long defaultTtlSeconds,
    String writeConsistency,
    String recoveryConsistency) {

  /** Returns a request that names only the namespace; every other field takes its default. */
  public static NamespaceRequest named(String name) {
    return new NamespaceRequest(name, null, null, null, null, null, null, null, null);
  }
}
