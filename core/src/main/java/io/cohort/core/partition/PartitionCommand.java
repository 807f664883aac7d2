package io.cohort.core.partition;

import io.cohort.core.serialization.ClusterMessage;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands a partition entity accepts. Each carries the actor that receives its {@link PartitionReply}. */
public sealed interface PartitionCommand extends ClusterMessage {

  ActorRef<PartitionReply> replyTo();

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
}
