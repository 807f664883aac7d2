package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MoveSnapshotsTest {
  private static final PartitionEvent FENCE = new PartitionEvent.WriterFence(3);
  private static final PartitionEvent PUT = new PartitionEvent.ValuePut("k", new byte[] {'1'}, 4, 0);

  @Test
  void longReplaySnapshotsAfterFenceOnce() {
    MoveSnapshots moves = replayed(64);
    assertEquals(64, moves.replayed());
    assertTrue(moves.snapshotAfter(FENCE));
    assertFalse(moves.snapshotAfter(PUT));
    moves.fenced();
    assertFalse(moves.snapshotAfter(FENCE), "only the first fence");
  }

  @Test
  void shortReplayTakesNoSnapshot() {
    assertFalse(replayed(63).snapshotAfter(FENCE));
  }

  @Test
  void laterRecoveryKeepsDecision() {
    MoveSnapshots moves = replayed(10);
    for (int i = 0; i < 100; i++) {
      moves.applied();
    }
    moves.recovered();
    assertEquals(10, moves.replayed());
    assertFalse(moves.snapshotAfter(FENCE));
  }

  @Test
  void handOffNeedsManyEvents() {
    MoveSnapshots moves = replayed(0);
    for (int i = 0; i < 63; i++) {
      moves.applied();
    }
    assertFalse(moves.snapshotBeforeStop());
    moves.applied();
    assertTrue(moves.snapshotBeforeStop());
    assertTrue(moves.snapshotAfter(new PartitionEvent.HandedOff(4)));
    assertTrue(moves.snapshotEnded(false), "the copy stops after a failed snapshot too");
  }

  @Test
  void savedSnapshotResetsTheCount() {
    MoveSnapshots moves = replayed(100);
    assertFalse(moves.snapshotEnded(true), "a regular snapshot does not stop the copy");
    assertFalse(moves.snapshotBeforeStop());
  }

  private static MoveSnapshots replayed(int events) {
    MoveSnapshots moves = new MoveSnapshots(64);
    for (int i = 0; i < events; i++) {
      moves.applied();
    }
    moves.recovered();
    return moves;
  }
}
