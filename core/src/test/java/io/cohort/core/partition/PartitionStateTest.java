package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cohort.core.partition.PartitionEvent.KeyDeleted;
import io.cohort.core.partition.PartitionEvent.PartitionCleared;
import io.cohort.core.partition.PartitionEvent.ValuePut;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expiry and clearing in a partition's in-memory state, with expiry times far from the test's clock. */
class PartitionStateTest {
  private static final long HOUR_MILLIS = 3_600_000;

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static long past() {
    return System.currentTimeMillis() - HOUR_MILLIS;
  }

  private static long future() {
    return System.currentTimeMillis() + HOUR_MILLIS;
  }

  @Test
  void getHidesExpiredValue() {
    PartitionState state = new PartitionState().apply(new ValuePut("k", json("1"), 1, past()));

    assertNull(state.get("k"));
    assertEquals(0, state.currentVersion("k"), "an expired key counts as absent for preconditions");
    assertEquals(1, state.revision(), "its version stays taken");
  }

  @Test
  void getReturnsValueBeforeExpiry() {
    long expiresAt = future();
    PartitionState state = new PartitionState().apply(new ValuePut("k", json("1"), 1, expiresAt));

    PartitionState.Stored stored = state.get("k");
    assertNotNull(stored);
    assertEquals(expiresAt, stored.expiresAtMillis());
    assertEquals(1, state.currentVersion("k"));
  }

  @Test
  void zeroExpiryNeverExpires() {
    PartitionState state = new PartitionState().apply(new ValuePut("k", json("1"), 1, 0));

    assertNotNull(state.get("k"));
    assertEquals(false, state.get("k").expiredAt(Long.MAX_VALUE));
  }

  @Test
  void storedExpiresAtItsInstant() {
    PartitionState.Stored stored = new PartitionState.Stored(json("1"), 1, 1_000);

    assertEquals(false, stored.expiredAt(999));
    assertEquals(true, stored.expiredAt(1_000));
  }

  @Test
  void rewriteOfExpiredKeyMakesItLive() {
    PartitionState state = new PartitionState()
        .apply(new ValuePut("k", json("old"), 1, past()))
        .apply(new ValuePut("k", json("new"), 2, 0));

    assertArrayEquals(json("new"), state.get("k").value());
    assertEquals(1, state.size());
    assertEquals(PartitionState.entrySize("k", json("new")), state.usedBytes());
  }

  @Test
  void snapshotLeavesOutExpiredEntries() {
    long expiresAt = future();
    PartitionState state = new PartitionState()
        .apply(new ValuePut("expired", json("1"), 1, past()))
        .apply(new ValuePut("expiring", json("2"), 2, expiresAt))
        .apply(new ValuePut("kept", json("3"), 3, 0))
        .apply(new ValuePut("late-expired", json("4"), 4, past()));

    PartitionSnapshot snapshot = state.toSnapshot();

    assertEquals(4, snapshot.revision(), "the revision covers expired writes too");
    List<PartitionSnapshot.Entry> entries = snapshot.entries().stream()
        .sorted(Comparator.comparing(PartitionSnapshot.Entry::key))
        .toList();
    assertEquals(List.of("expiring", "kept"), entries.stream().map(PartitionSnapshot.Entry::key).toList());
    assertEquals(expiresAt, entries.get(0).expiresAtMillis());
    assertEquals(2, entries.get(0).version());
    assertEquals(0, entries.get(1).expiresAtMillis());
  }

  @Test
  void fromSnapshotKeepsExpiry() {
    long expiresAt = future();
    PartitionSnapshot snapshot = new PartitionSnapshot(9, List.of(
        new PartitionSnapshot.Entry("a", json("1"), 3, expiresAt),
        new PartitionSnapshot.Entry("b", json("2"), 9, 0)));

    PartitionState state = PartitionState.fromSnapshot(snapshot);

    assertEquals(9, state.revision());
    assertEquals(expiresAt, state.get("a").expiresAtMillis());
    assertEquals(0, state.get("b").expiresAtMillis());
    assertEquals(PartitionState.entrySize("a", json("1")) + PartitionState.entrySize("b", json("2")),
        state.usedBytes());
  }

  @Test
  void clearedRemovesKeysKeepsRevision() {
    PartitionState state = new PartitionState()
        .apply(new ValuePut("a", json("1"), 1, 0))
        .apply(new ValuePut("b", json("2"), 2, past()))
        .apply(new KeyDeleted("a", 3))
        .apply(new ValuePut("c", json("3"), 4, 0))
        .apply(new PartitionCleared(5));

    assertEquals(0, state.size());
    assertEquals(0, state.usedBytes());
    assertEquals(5, state.revision());
    assertEquals(6, state.nextVersion());
    assertNull(state.get("c"));
  }

  @Test
  void sizeCountsExpiredEntriesUntilSnapshot() {
    PartitionState state = new PartitionState()
        .apply(new ValuePut("expired", json("1"), 1, past()))
        .apply(new ValuePut("kept", json("2"), 2, 0));

    assertEquals(2, state.size(), "an expired value keeps its memory until rewritten or left out of a snapshot");
    assertEquals(1, PartitionState.fromSnapshot(state.toSnapshot()).size());
  }
}
