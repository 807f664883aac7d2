package io.cohort.core.partition;

import io.cohort.core.serialization.ClusterMessage;

/** Replies of a partition entity. Rejections quote the values that caused them. */
public sealed interface PartitionReply extends ClusterMessage {

  record Found(String key, byte[] value, long version) implements PartitionReply {}

  record KeyNotFound(String key) implements PartitionReply {}

  record PutAccepted(String key, long version, boolean created) implements PartitionReply {}

  record DeleteAccepted(String key, long version) implements PartitionReply {}

  /** The key's version did not satisfy the write's precondition; {@code currentVersion} is 0 when absent. */
  record VersionConflict(String key, long currentVersion, Precondition precondition) implements PartitionReply {}

  /** This copy of the partition no longer holds its lease; the partition is moving to another node. */
  record LeaseNotHeld(int partition) implements PartitionReply {}

  /** The partition is moving to another node and this copy took the request too late to serve it; nothing applied. */
  record Moving(int partition) implements PartitionReply {}

  /** The partition already has {@code queued} writes waiting for the journal, so it rejected this one unapplied. */
  record Overloaded(int partition, int queued) implements PartitionReply {}

  /** Accepting the write would grow the partition past its size cap. */
  record PartitionFull(int partition, long usedBytes, long requestBytes, long maxBytes) implements PartitionReply {}

  /** The journal lacks replicas the namespace's level needs, so the write was rejected unapplied. */
  record ReplicasUnavailable(int partition, String detail) implements PartitionReply {}

  /** The number of keys the partition holds. */
  record KeyCount(int partition, int keys) implements PartitionReply {}

  /** The partition removed every key and stopped. */
  record Purged(int partition) implements PartitionReply {}

  /** This node cannot reach a majority of the cluster, so its copy of the partition served nothing. */
  record NoMajority(int partition, String detail) implements PartitionReply {}

  /**
   * The write reached the journal, but this node lost the majority before it could confirm it, so another
   * master may already have fenced it: the write may or may not take effect.
   */
  record OutcomeUnknown(int partition, String key, String detail) implements PartitionReply {}

  /** No member that is up has the role that hosts the namespace's partitions. */
  record NoHostForRole(String namespace, String role) implements PartitionReply {}
}
