package io.cohort.core.partition;

import io.cohort.core.serialization.JournalSerializable;

/** Events a partition persists. {@code version} is the partition revision the event created. */
public sealed interface PartitionEvent extends JournalSerializable {

  String key();

  long version();

  record ValuePut(String key, byte[] value, long version) implements PartitionEvent {}

  record KeyDeleted(String key, long version) implements PartitionEvent {}
}
