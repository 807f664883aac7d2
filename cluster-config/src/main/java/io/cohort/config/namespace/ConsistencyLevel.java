package io.cohort.config.namespace;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The durability promise of a namespace for acknowledged writes. Each level is a pair of journal consistency levels:
 * the one a write needs before it is acknowledged and the one a partition reads its journal with when it
 * recovers.
 */
public enum ConsistencyLevel {
  /** One replica has the write; a failover may lose the latest writes when that replica fails. */
  EVENTUAL("eventual", ReplicaConsistency.ONE, ReplicaConsistency.ONE, 1),
  /**
   * Two replicas have the write, and recovery reads two, so with three replicas a recovery reads every
   * acknowledged write even when one replica has failed.
   */
  SEMI_SYNC("semi-sync", ReplicaConsistency.TWO, ReplicaConsistency.TWO, 2),
  /**
   * Every replica has the write. Recovery reads a quorum, whose read repair makes a write seen once stay seen.
   * A write fails while any replica is down.
   */
  STRONG("strong", ReplicaConsistency.ALL, ReplicaConsistency.QUORUM, 1);

  private final String id;
  private final ReplicaConsistency write;
  private final ReplicaConsistency recovery;
  private final int minReplicationFactor;

  ConsistencyLevel(String id, ReplicaConsistency write, ReplicaConsistency recovery, int minReplicationFactor) {
    this.id = id;
    this.write = write;
    this.recovery = recovery;
    this.minReplicationFactor = minReplicationFactor;
  }

  /** Returns the name in the API and in journal keyspace names, such as {@code semi-sync}. */
  public String id() {
    return id;
  }

  public ReplicaConsistency defaultWrite() {
    return write;
  }

  public ReplicaConsistency defaultRecovery() {
    return recovery;
  }

  /** Returns the smallest replication factor that can keep the level's promise. */
  public int minReplicationFactor() {
    return minReplicationFactor;
  }

  public static Optional<ConsistencyLevel> parse(String text) {
    return Arrays.stream(values()).filter(level -> level.id.equals(text)).findFirst();
  }

  /** Returns the accepted names, for error messages: {@code eventual, semi-sync, strong}. */
  public static String names() {
    return Arrays.stream(values()).map(ConsistencyLevel::id).collect(Collectors.joining(", "));
  }
}
