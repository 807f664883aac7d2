package io.cohort.config.namespace;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The number of journal replicas a Cassandra write or read must reach, by the names of Cassandra's consistency
 * levels. Only the single-datacenter levels are offered, because Cohort's keyspaces use SimpleStrategy.
 */
public enum ReplicaConsistency {
  ONE,
  TWO,
  THREE,
  QUORUM,
  ALL;

  /** Returns how many of {@code replicationFactor} replicas a request must reach at this level. */
  public int replicas(int replicationFactor) {
    return switch (this) {
      case ONE -> 1;
      case TWO -> 2;
      case THREE -> 3;
      case QUORUM -> replicationFactor / 2 + 1;
      case ALL -> replicationFactor;
    };
  }

  /** Returns the level with this name, ignoring case, such as {@code quorum}. */
  public static Optional<ReplicaConsistency> parse(String text) {
    return Arrays.stream(values()).filter(level -> level.name().equals(text.toUpperCase(Locale.ROOT))).findFirst();
  }

  /** Returns the accepted names, for error messages: {@code ONE, TWO, THREE, QUORUM, ALL}. */
  public static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
