package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.GroupCommitSettings;
import io.cohort.config.PartitionSettings;
import io.cohort.core.partition.PartitionCommand.BatchWritten;
import io.cohort.core.partition.PartitionCommand.Get;
import io.cohort.core.partition.PartitionCommand.HandOff;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A partition that moves: its front writes what it queued one batch at a time, then lets the entity stop.
 * Requests that come later get a reply instead of a timeout, and the next master still fences.
 */
class HandOffTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final GroupCommitSettings FOUR_WRITES = new GroupCommitSettings(4, 1024);

  private final TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void frontDrainsQueueBeforeHandOff() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front =
        TEST_KIT.spawn(GroupCommit.create(1, FOUR_WRITES, GroupCommitTest.forwardTo(entity)));
    front.tell(put("a", "1"));
    WriteBatch first = entity.expectMessageClass(WriteBatch.class);
    for (String key : List.of("b", "c", "d", "e", "f")) {
      front.tell(put(key, "1"));
    }
    front.tell(new HandOff());
    entity.expectNoMessage(Duration.ofMillis(100));

    front.tell(new BatchWritten(first.id()));
    WriteBatch second = entity.expectMessageClass(WriteBatch.class);
    assertEquals(List.of("b", "c", "d", "e"), GroupCommitTest.keysOf(second));
    front.tell(new BatchWritten(second.id()));
    WriteBatch third = entity.expectMessageClass(WriteBatch.class);
    assertEquals(List.of("f"), GroupCommitTest.keysOf(third));
    entity.expectNoMessage(Duration.ofMillis(100));
    front.tell(new BatchWritten(third.id()));
    entity.expectMessageClass(HandOff.class);
  }

  @Test
  void lateRequestsGetMoving() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front =
        TEST_KIT.spawn(GroupCommit.create(2, FOUR_WRITES, GroupCommitTest.forwardTo(entity)));
    front.tell(new HandOff());
    entity.expectMessageClass(HandOff.class);

    front.tell(put("late", "1"));
    assertEquals(new PartitionReply.Moving(2), client.receiveMessage());
    front.tell(new Get("late", client.ref()));
    assertEquals(new PartitionReply.Moving(2), client.receiveMessage());
    entity.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void handOffAcknowledgesQueuedWrites() {
    PartitionSettings settings = new PartitionSettings(256, 1000, 2, 1 << 20).withGroupCommit(FOUR_WRITES);
    PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
    String persistenceId = PartitionEntity.persistenceIdOf(60).id();
    ActorRef<PartitionCommand> first = TEST_KIT.spawn(PartitionEntity.create(60, settings));
    int writes = 10;
    for (int i = 1; i <= writes; i++) {
      first.tell(put("key-" + i, Integer.toString(i)));
    }
    first.tell(new HandOff());
    for (int i = 1; i <= writes; i++) {
      assertEquals(i, client.expectMessageClass(PartitionReply.PutAccepted.class).version());
    }
    TEST_KIT.createTestProbe().expectTerminated(first, Duration.ofSeconds(5));
    int fence = PartitionEntity.MIN_FENCE_LENGTH;
    List<Object> handedOff = journal.persistedInStorage(persistenceId);
    assertEquals(fence + writes + 1, handedOff.size(), "fence, writes, then the hand-off event");
    assertInstanceOf(PartitionEvent.HandedOff.class, handedOff.get(handedOff.size() - 1));
    var snapshots = SnapshotTestKit.create(TEST_KIT.system()).persistedInStorage(persistenceId);
    assertEquals(1, snapshots.size(), "the copy stops after its snapshot");
    assertEquals(fence + writes + 1, snapshots.get(0).first().sequenceNr());

    ActorRef<PartitionCommand> second = TEST_KIT.spawn(PartitionEntity.create(60, settings));
    second.tell(put("key-1", "again"));
    assertEquals(writes + 1, client.expectMessageClass(PartitionReply.PutAccepted.class).version());
    List<Object> events = journal.persistedInStorage(persistenceId);
    assertEquals(2 * fence + writes + 2, events.size(), "a clean hand-off still leaves the next master a fence");
    assertInstanceOf(PartitionEvent.WriterFence.class, events.get(fence + writes + 1));
    TEST_KIT.stop(second);
  }

  @Test
  void longReplaySnapshotsAfterFence() throws InterruptedException {
    PartitionSettings settings = new PartitionSettings(256, 1000, 2, 1 << 20);
    SnapshotTestKit snapshots = SnapshotTestKit.create(TEST_KIT.system());
    String persistenceId = PartitionEntity.persistenceIdOf(61).id();
    int fence = PartitionEntity.MIN_FENCE_LENGTH;
    writeOnceAndCrash(61, settings, "0");
    assertEquals(List.of(), snapshots.persistedInStorage(persistenceId), "the first master replayed nothing");

    writeOnceAndCrash(61, settings, "1");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (snapshots.persistedInStorage(persistenceId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    var stored = snapshots.persistedInStorage(persistenceId);
    assertEquals(1, stored.size(), "the second master replayed " + (fence + 1) + " events");
    assertEquals(2L * fence + 1, stored.get(0).first().sequenceNr(), "taken right after the fence");

    writeOnceAndCrash(61, settings, "2");
    Thread.sleep(200);
    assertEquals(1, snapshots.persistedInStorage(persistenceId).size(), "the third replayed one event after it");
  }

  private void writeOnceAndCrash(int partition, PartitionSettings settings, String value) {
    ActorRef<PartitionCommand> master = TEST_KIT.spawn(PartitionEntity.create(partition, settings));
    master.tell(put("k", value));
    client.expectMessageClass(PartitionReply.PutAccepted.class);
    TEST_KIT.stop(master);
  }

  private PartitionCommand put(String key, String value) {
    return new Put(key, value.getBytes(StandardCharsets.UTF_8), Precondition.NONE, client.ref());
  }
}
