package io.cohort.core.partition;

import io.cohort.core.serialization.ClusterMessage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages a partition entity accepts: client requests, each with the actor that receives its
 * {@link PartitionReply}, and the entity's own lease notifications.
 */
public sealed interface PartitionCommand extends ClusterMessage {

  /** Reads a key from the partition's memory. Replies {@link PartitionReply.Found} or {@link PartitionReply.KeyNotFound}. */
  record Get(String key, ActorRef<PartitionReply> replyTo) implements PartitionCommand {}

  /**
   * Stores {@code value} (UTF-8 JSON) under {@code key} when {@code precondition} holds; with a positive
   * {@code ttlSeconds} the value expires that long after the partition accepted it. Replies
   * {@link PartitionReply.PutAccepted} after the event is in the journal, or a rejection.
   */
  record Put(String key, byte[] value, Precondition precondition, long ttlSeconds, ActorRef<PartitionReply> replyTo)
      implements PartitionCommand {

    /** Creates a put whose value never expires. */
    public Put(String key, byte[] value, Precondition precondition, ActorRef<PartitionReply> replyTo) {
      this(key, value, precondition, 0, replyTo);
    }
  }

  /**
   * Removes {@code key} when it exists and {@code precondition} holds. Replies {@link PartitionReply.DeleteAccepted}
   * after the event is in the journal, or a rejection.
   */
  record Delete(String key, Precondition precondition, ActorRef<PartitionReply> replyTo)
      implements PartitionCommand {}

  /** Sent by the entity to itself: try to acquire the partition's lease (again). */
  record AcquireLease() implements PartitionCommand {}

  /** Sent by the entity to itself with the outcome of an acquire; {@code failure} is empty when it ran. */
  record LeaseAcquired(boolean granted, String failure) implements PartitionCommand {}

  /** Sent by the lease to the entity that held it; the entity stops. */
  record LeaseLost(String reason) implements PartitionCommand {}

  /**
   * Sent by a partition's {@link GroupCommit} front to its journaled entity: {@link Put}s and {@link Delete}s
   * to check in order and persist in one journal write. The entity replies to each write's {@code replyTo} once
   * the write is persisted, then sends {@link BatchWritten} with the same {@code id} to {@code front}.
   */
  record WriteBatch(long id, java.util.List<PartitionCommand> writes, ActorRef<PartitionCommand> front)
      implements PartitionCommand {}

  /** Sent by the journaled entity to its front once batch {@code id} is persisted and every write got its reply. */
  record BatchWritten(long id) implements PartitionCommand {}

  /** Sent by the front to itself when batch {@code id} did not complete in time, such as after a restart. */
  record BatchTimedOut(long id) implements PartitionCommand {}

  /** Replies {@link PartitionReply.KeyCount}. */
  record CountKeys(ActorRef<PartitionReply> replyTo) implements PartitionCommand {}

  /** Removes every key of the partition, replies {@link PartitionReply.Purged} once persisted, then stops. */
  record Purge(ActorRef<PartitionReply> replyTo) implements PartitionCommand {}

  /**
   * Sent by Cluster Sharding when the partition moves to another node, such as when its node leaves. The
   * partition persists the writes it has accepted, one batch at a time, saves a snapshot when the next copy
   * would otherwise replay many events, and stops.
   */
  record HandOff() implements PartitionCommand {}

  /** Sent by the entity to itself when the snapshot it took before a hand-off ended or took too long. */
  record SnapshotWaitEnded() implements PartitionCommand {}
}
