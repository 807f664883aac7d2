package io.cohort.core.partition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one partition, in memory. Mutable and confined to the entity's actor; snapshots go out as an
 * immutable {@link PartitionSnapshot} copy, taken on the actor's thread, because the snapshot store
 * serializes on another thread.
 *
 * <p>Every write takes the next partition revision as its version, so a key's version strictly increases
 * across writes, deletes and re-creates, and no two writes of a partition share a version.
 */
public final class PartitionState {
  /** Accounting overhead per entry, so a partition of many tiny values still stays under the snapshot cap. */
  static final int ENTRY_OVERHEAD_BYTES = 64;

  private final Map<String, Stored> entries = new HashMap<>();
  private long revision;
  private long usedBytes;

  /** A stored value; {@code expiresAtMillis} is 0 when it never expires. */
  record Stored(byte[] value, long version, long expiresAtMillis) {
    boolean expiredAt(long nowMillis) {
      return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }
  }

  public long revision() {
    return revision;
  }

  public long usedBytes() {
    return usedBytes;
  }

  public int size() {
    return entries.size();
  }

  /** Returns the number of keys whose values have not expired at {@code nowMillis}. */
  public int liveSize(long nowMillis) {
    return (int) entries.values().stream().filter(stored -> !stored.expiredAt(nowMillis)).count();
  }

  /**
   * Returns the live value of {@code key}, or null when it is absent or expired. An expired value keeps its
   * memory until the key is written again or the next snapshot leaves it out.
   */
  Stored get(String key) {
    Stored stored = entries.get(key);
    return stored == null || stored.expiredAt(System.currentTimeMillis()) ? null : stored;
  }

  /** Returns the accounted size of what {@code key} occupies in memory, expired or not. */
  long sizeOf(String key) {
    Stored stored = entries.get(key);
    return stored == null ? 0 : entrySize(key, stored.value());
  }

  long currentVersion(String key) {
    Stored stored = get(key);
    return stored == null ? 0 : stored.version();
  }

  long nextVersion() {
    return revision + 1;
  }

  /** Returns the accounted size of the partition after storing {@code value} under {@code key}. */
  long usedBytesAfterPut(String key, byte[] value) {
    return usedBytes - sizeOf(key) + entrySize(key, value);
  }

  static long entrySize(String key, byte[] value) {
    return key.getBytes(StandardCharsets.UTF_8).length + (long) value.length + ENTRY_OVERHEAD_BYTES;
  }

  PartitionState apply(PartitionEvent event) {
    if (event instanceof PartitionEvent.ValuePut put) {
      usedBytes = usedBytesAfterPut(put.key(), put.value());
      entries.put(put.key(), new Stored(put.value(), put.version(), put.expiresAtMillis()));
    } else if (event instanceof PartitionEvent.PartitionCleared) {
      entries.clear();
      usedBytes = 0;
    } else if (event instanceof PartitionEvent.KeyDeleted deleted) {
      Stored old = entries.remove(deleted.key());
      if (old != null) {
        usedBytes -= entrySize(deleted.key(), old.value());
      }
    }
    revision = Math.max(revision, event.version());
    return this;
  }

  PartitionSnapshot toSnapshot() {
    List<PartitionSnapshot.Entry> copy = new ArrayList<>(entries.size());
    long now = System.currentTimeMillis();
    entries.forEach((key, stored) -> {
      if (!stored.expiredAt(now)) {
        copy.add(new PartitionSnapshot.Entry(key, stored.value(), stored.version(), stored.expiresAtMillis()));
      }
    });
    return new PartitionSnapshot(revision, copy);
  }

  static PartitionState fromSnapshot(PartitionSnapshot snapshot) {
    PartitionState state = new PartitionState();
    for (PartitionSnapshot.Entry entry : snapshot.entries()) {
      state.entries.put(entry.key(), new Stored(entry.value(), entry.version(), entry.expiresAtMillis()));
      state.usedBytes += entrySize(entry.key(), entry.value());
    }
    state.revision = snapshot.revision();
    return state;
  }
}
