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
   * Stores {@code value} (UTF-8 JSON) under {@code key} when {@code precondition} holds. Replies
   * {@link PartitionReply.PutAccepted} after the event is in the journal, or a rejection.
   */
  record Put(String key, byte[] value, Precondition precondition, ActorRef<PartitionReply> replyTo)
      implements PartitionCommand {}

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
}
