package io.cohort.bench.suite;

import java.util.Locale;

/** A system that the suite benchmarks, with the YCSB binding class that reaches it. */
enum SystemKind {
  COHORT("Cohort", "io.cohort.bench.CohortYcsbClient"),
  CASSANDRA("Cassandra", "io.cohort.bench.cassandra.CassandraYcsbClient"),
  REDIS("Redis", "io.cohort.bench.redis.RedisYcsbClient");

  private final String displayName;
  private final String bindingClass;

  SystemKind(String displayName, String bindingClass) {
    this.displayName = displayName;
    this.bindingClass = bindingClass;
  }

  /** Returns the name used in options and file names, such as {@code cassandra}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  String displayName() {
    return displayName;
  }

  /** Returns the class passed to YCSB's {@code -db} option. */
  String bindingClass() {
    return bindingClass;
  }

  /** Returns the system whose {@link #id} is {@code text}, or throws with the allowed ids. */
  static SystemKind parse(String text) {
    for (SystemKind kind : values()) {
      if (kind.id().equals(text)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("--systems: unknown system '" + text + "'; use cohort, cassandra or redis");
  }
}
