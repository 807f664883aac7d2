package io.cohort.config.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks namespace requests and fills in defaults. Every problem found becomes a {@link FieldError} that
 * names the field, so a client can fix all of them at once.
 */
public final class NamespaceRules {
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final NamespaceDefaults defaults;

  public NamespaceRules(NamespaceDefaults defaults) {
    this.defaults = defaults;
  }

  /** The outcome of a check: the spec when the request was valid, else the errors. */
  public record Checked(Optional<NamespaceSpec> spec, List<FieldError> errors) {
    static Checked valid(NamespaceSpec spec) {
      return new Checked(Optional.of(spec), List.of());
    }

    static Checked invalid(List<FieldError> errors) {
      return new Checked(Optional.empty(), List.copyOf(errors));
    }
  }

  /** Checks a request to create a namespace. */
  public Checked create(NamespaceRequest request) {
    List<FieldError> errors = new ArrayList<>();
    checkName(request.name(), errors);
    int partitions = between("partitions", request.partitions(), defaults.partitions(), 1,
        NamespaceSpec.MAX_PARTITIONS, errors);
    ConsistencyLevel level = request.level() == null ? defaults.level() : level(request.level(), errors);
    int replicationFactor = between("replicationFactor", request.replicationFactor(),
        defaults.replicationFactor(), 1, NamespaceSpec.MAX_REPLICATION_FACTOR, errors);
    String role = role(request.role(), errors);
    long maxValueBytes = between("maxValueBytes", request.maxValueBytes(), defaults.maxValueBytes(), 1,
        defaults.maxValueBytes(), errors);
    long ttl = between("defaultTtlSeconds", request.defaultTtlSeconds(), 0L, 0, NamespaceSpec.MAX_TTL_SECONDS,
        errors);
    ReplicaConsistency write = consistency("writeConsistency", request.writeConsistency(),
        level == null ? null : level.defaultWrite(), errors);
    ReplicaConsistency recovery = consistency("recoveryConsistency", request.recoveryConsistency(),
        level == null ? null : level.defaultRecovery(), errors);
    boolean replicationValid = errors.stream().noneMatch(error -> error.field().equals("replicationFactor"));
    if (level != null && write != null && recovery != null && replicationValid) {
      checkReplication(level, replicationFactor, request.replicationFactor() == null, write, recovery, errors);
    }
    if (!errors.isEmpty()) {
      return Checked.invalid(errors);
    }
    return Checked.valid(new NamespaceSpec(request.name(), partitions, level, replicationFactor, role,
        maxValueBytes, ttl, write, recovery));
  }

  /**
   * Checks a change to an existing namespace. Only {@code defaultTtlSeconds} may change; any other field
   * given must keep its current value.
   */
  public Checked change(NamespaceSpec current, NamespaceRequest change) {
    List<FieldError> errors = new ArrayList<>();
    immutable("name", change.name(), current.name(), errors);
    immutable("partitions", change.partitions(), current.partitions(), errors);
    immutable("level", change.level(), current.level().id(), errors);
    immutable("replicationFactor", change.replicationFactor(), current.replicationFactor(), errors);
    immutable("role", change.role(), current.role(), errors);
    immutable("maxValueBytes", change.maxValueBytes(), current.maxValueBytes(), errors);
    immutable("writeConsistency", upper(change.writeConsistency()), current.writeConsistency().name(), errors);
    immutable("recoveryConsistency", upper(change.recoveryConsistency()), current.recoveryConsistency().name(),
        errors);
    long ttl = between("defaultTtlSeconds", change.defaultTtlSeconds(), current.defaultTtlSeconds(), 0,
        NamespaceSpec.MAX_TTL_SECONDS, errors);
    return errors.isEmpty() ? Checked.valid(current.withDefaultTtlSeconds(ttl)) : Checked.invalid(errors);
  }

  private static void checkName(String name, List<FieldError> errors) {
    if (name == null) {
      errors.add(new FieldError("name", null, "name is missing; give lowercase letters, digits, '-' or '_',"
          + " at most " + NamespaceSpec.MAX_NAME_LENGTH + " characters"));
    } else if (!NamespaceSpec.NAME.matcher(name).matches()) {
      errors.add(new FieldError("name", name, "name [" + name + "] is invalid; use 1 to "
          + NamespaceSpec.MAX_NAME_LENGTH + " lowercase letters, digits, '-' or '_'"));
    } else if (name.equals(NamespaceSpec.DEFAULT_NAME)) {
      errors.add(new FieldError("name", name, "name [default] is taken by the built-in namespace that /v1/kv"
          + " addresses; choose another name"));
    }
  }

  private static ConsistencyLevel level(String text, List<FieldError> errors) {
    Optional<ConsistencyLevel> level = ConsistencyLevel.parse(text);
    if (level.isEmpty()) {
      errors.add(new FieldError("level", text,
          "level [" + text + "] is unknown; use one of " + ConsistencyLevel.names()));
    }
    return level.orElse(null);
  }

  private String role(String text, List<FieldError> errors) {
    if (text == null) {
      return defaults.role();
    }
    if (!ROLE.matcher(text).matches()) {
      errors.add(new FieldError("role", text, "role [" + text + "] is invalid; use 1 to 64 letters, digits,"
          + " '.', '-' or '_', starting with a letter or digit, as in pekko.cluster.roles"));
    }
    return text;
  }

  private static ReplicaConsistency consistency(String field, String text, ReplicaConsistency fallback,
      List<FieldError> errors) {
    if (text == null) {
      return fallback;
    }
    Optional<ReplicaConsistency> parsed = ReplicaConsistency.parse(text);
    if (parsed.isEmpty()) {
      errors.add(new FieldError(field, text,
          field + " [" + text + "] is unknown; use one of " + ReplicaConsistency.names()));
    }
    return parsed.orElse(null);
  }

  private static void checkReplication(ConsistencyLevel level, int replicationFactor, boolean defaulted,
      ReplicaConsistency write, ReplicaConsistency recovery, List<FieldError> errors) {
    if (replicationFactor < level.minReplicationFactor()) {
      String source = defaulted ? " (the default, cohort.cassandra.replication-factor)" : "";
      errors.add(new FieldError("replicationFactor", Integer.toString(replicationFactor),
          "level " + level.id() + " needs a replicationFactor of at least " + level.minReplicationFactor()
              + ", got " + replicationFactor + source + "; raise it or choose level eventual"));
      // The level's own consistency levels then fail too; the replication factor is the one error to fix.
      return;
    }
    tooMany("writeConsistency", write, replicationFactor, errors);
    tooMany("recoveryConsistency", recovery, replicationFactor, errors);
  }

  private static void tooMany(String field, ReplicaConsistency consistency, int replicationFactor,
      List<FieldError> errors) {
    if (consistency.replicas(replicationFactor) > replicationFactor) {
      errors.add(new FieldError(field, consistency.name(), field + " " + consistency.name() + " needs "
          + consistency.replicas(replicationFactor) + " replicas but replicationFactor is " + replicationFactor
          + "; choose a lower level or a higher replicationFactor"));
    }
  }

  private static <T extends Comparable<T>> T between(String field, T requested, T fallback, long min, long max,
      List<FieldError> errors) {
    if (requested == null) {
      return fallback;
    }
    long value = ((Number) requested).longValue();
    if (value < min || value > max) {
      errors.add(new FieldError(field, requested.toString(),
          field + " " + requested + " is out of range; allowed: " + min + " to " + max));
    }
    return requested;
  }

  private static void immutable(String field, Object requested, Object current, List<FieldError> errors) {
    if (requested != null && !Objects.equals(requested, current)) {
      errors.add(new FieldError(field, requested.toString(), field + " cannot change after the namespace is created"
          + " (it is " + current + "); create a new namespace with " + field + " " + requested + " instead"));
    }
  }

  private static String upper(String text) {
    return text == null ? null : text.toUpperCase(java.util.Locale.ROOT);
  }
}
