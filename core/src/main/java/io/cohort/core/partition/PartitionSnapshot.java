package io.cohort.core.partition;

import io.cohort.core.serialization.JournalSerializable;
import java.util.List;

/**
 * Immutable copy of a partition's state as stored in the snapshot store. {@code revision} is the highest
 * version the partition has handed out, deleted keys included, so versions keep increasing after recovery.
 */
public record PartitionSnapshot(long revision, List<Entry> entries) implements JournalSerializable {

  public PartitionSnapshot {
    entries = List.copyOf(entries);
  }

  /** One key; {@code expiresAtMillis} is 0 for a value that never expires, see {@link PartitionEvent.ValuePut}. */
  public record Entry(String key, byte[] value, long version, long expiresAtMillis) {}
}
