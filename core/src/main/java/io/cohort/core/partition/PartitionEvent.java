package io.cohort.core.partition;

import io.cohort.core.serialization.JournalSerializable;

/** Events a partition persists. {@code version} is the partition revision the event created. */
public sealed interface PartitionEvent extends JournalSerializable {

  String key();

  long version();

  /**
   * {@code key} holds {@code value} from {@code version} on, until {@code expiresAtMillis} (epoch milliseconds
   * of the master's clock) or for good when it is 0. Events written before values could expire read as 0.
   */
  record ValuePut(String key, byte[] value, long version, long expiresAtMillis) implements PartitionEvent {}

  record KeyDeleted(String key, long version) implements PartitionEvent {}

  /**
   * A placeholder that takes one sequence number and changes nothing; {@code version} is the revision it was
   * written at. A new master writes a run of these before its first write, see {@code PartitionEntity}.
   */
  record WriterFence(long version) implements PartitionEvent {
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String key() {
      return "";
    }
  }

  /** Every key was removed, because the partition's namespace was deleted. */
  record PartitionCleared(long version) implements PartitionEvent {
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String key() {
      return "";
    }
  }

  /**
   * A copy stopped for a hand-off after this event, and a snapshot of the partition follows it, so the next
   * copy replays few events. It changes nothing.
   */
  record HandedOff(long version) implements PartitionEvent {
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String key() {
      return "";
    }
  }
}
