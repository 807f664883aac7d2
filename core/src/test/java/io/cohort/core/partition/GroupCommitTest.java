package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.GroupCommitSettings;
import io.cohort.config.PartitionSettings;
import io.cohort.core.partition.PartitionCommand.BatchWritten;
import io.cohort.core.partition.PartitionCommand.Get;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The group-commit front: batching against a probe standing in for the journaled entity, then whole
 * partitions over Pekko's in-memory journal, where many concurrent writes must keep their order and versions.
 */
class GroupCommitTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final GroupCommitSettings FOUR_WRITES = new GroupCommitSettings(4, 1024);

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void writesDuringBatchWaitForNext() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front = TEST_KIT.spawn(GroupCommit.create(1, FOUR_WRITES, forwardTo(entity)));

    front.tell(put("a", "1", client));
    WriteBatch first = entity.expectMessageClass(WriteBatch.class);
    assertEquals(List.of("a"), keysOf(first));

    for (String key : List.of("b", "c", "d", "e", "f")) {
      front.tell(put(key, "1", client));
    }
    front.tell(new Get("a", client.ref()));
    assertInstanceOf(Get.class, entity.receiveMessage(), "reads bypass the queue");
    entity.expectNoMessage(Duration.ofMillis(100));

    front.tell(new BatchWritten(first.id()));
    WriteBatch second = entity.expectMessageClass(WriteBatch.class);
    assertEquals(List.of("b", "c", "d", "e"), keysOf(second), "at most max-writes, in arrival order");
    front.tell(new BatchWritten(first.id()));
    entity.expectNoMessage(Duration.ofMillis(100));
    front.tell(new BatchWritten(second.id()));
    assertEquals(List.of("f"), keysOf(entity.expectMessageClass(WriteBatch.class)));
  }

  @Test
  void byteLimitSplitsBatches() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front = TEST_KIT.spawn(GroupCommit.create(2, FOUR_WRITES, forwardTo(entity)));

    front.tell(put("first", "1", client));
    WriteBatch first = entity.expectMessageClass(WriteBatch.class);
    front.tell(put("big", "x".repeat(2000), client));
    front.tell(put("small1", "x".repeat(400), client));
    front.tell(put("small2", "x".repeat(400), client));
    front.tell(put("small3", "x".repeat(400), client));

    front.tell(new BatchWritten(first.id()));
    WriteBatch big = entity.expectMessageClass(WriteBatch.class);
    assertEquals(List.of("big"), keysOf(big), "a write over max-bytes goes alone");
    front.tell(new BatchWritten(big.id()));
    assertEquals(List.of("small1", "small2"), keysOf(entity.expectMessageClass(WriteBatch.class)),
        "the third small write would pass 1024 bytes");
  }

  @Test
  void fullQueueRejectsUnapplied() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front = TEST_KIT.spawn(GroupCommit.create(4, FOUR_WRITES, forwardTo(entity)));
    front.tell(put("in-flight", "1", client));
    entity.expectMessageClass(WriteBatch.class);

    for (int i = 0; i <= GroupCommit.MAX_QUEUED; i++) {
      front.tell(put("queued-" + i, "1", client));
    }
    assertEquals(new PartitionReply.Overloaded(4, GroupCommit.MAX_QUEUED), client.receiveMessage());
    client.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void frontStopsWithEntity() {
    TestProbe<PartitionCommand> watcher = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front = TEST_KIT.spawn(GroupCommit.create(3, FOUR_WRITES, Behaviors.stopped()));
    watcher.expectTerminated(front, Duration.ofSeconds(5));
  }

  @Test
  void concurrentWritesKeepOrderAndVersions() {
    PartitionSettings settings = new PartitionSettings(256, 1000, 2, 1 << 20);
    ActorRef<PartitionCommand> partition = TEST_KIT.spawn(PartitionEntity.create(40, settings));
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    int writes = 200;
    for (int i = 1; i <= writes; i++) {
      partition.tell(put("key-" + (i % 7), Integer.toString(i), client));
    }
    for (int i = 1; i <= writes; i++) {
      PartitionReply.PutAccepted accepted = client.expectMessageClass(PartitionReply.PutAccepted.class);
      assertEquals("key-" + (i % 7), accepted.key());
      assertEquals(i, accepted.version(), "versions follow arrival order");
    }

    PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
    String persistenceId = PartitionEntity.persistenceIdOf(40).id();
    List<Object> events = journal.persistedInStorage(persistenceId);
    long fence = events.stream().filter(event -> event instanceof PartitionEvent.WriterFence).count();
    assertEquals(PartitionEntity.MIN_FENCE_LENGTH, fence, "the new master's fence");
    assertEquals(writes, events.size() - fence, "every accepted write is journaled once");
    assertInstanceOf(PartitionEvent.WriterFence.class, events.get(0), "the fence comes first");
  }

  @Test
  void conflictsInsideBatchSeeEarlierWrites() {
    PartitionSettings settings = new PartitionSettings(256, 1000, 2, 1 << 20);
    ActorRef<PartitionCommand> partition = TEST_KIT.spawn(PartitionEntity.create(41, settings));
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    partition.tell(new Put("k", json("0"), Precondition.IF_ABSENT, client.ref()));
    partition.tell(new Put("k", json("1"), Precondition.IF_ABSENT, client.ref()));
    partition.tell(new Put("k", json("2"), Precondition.ifVersion(1), client.ref()));
    partition.tell(new PartitionCommand.Delete("k", Precondition.ifVersion(1), client.ref()));
    partition.tell(new PartitionCommand.Delete("k", Precondition.ifVersion(2), client.ref()));

    assertEquals(new PartitionReply.PutAccepted("k", 1, true), client.receiveMessage());
    assertInstanceOf(PartitionReply.VersionConflict.class, client.receiveMessage());
    assertEquals(new PartitionReply.PutAccepted("k", 2, false), client.receiveMessage());
    assertEquals(new PartitionReply.VersionConflict("k", 2, Precondition.ifVersion(1)), client.receiveMessage());
    assertEquals(new PartitionReply.DeleteAccepted("k", 3), client.receiveMessage());
    partition.tell(new Get("k", client.ref()));
    assertEquals(new PartitionReply.KeyNotFound("k"), client.receiveMessage());
  }

  @Test
  void everyIncarnationFencesBeforeItsFirstWrite() {
    PartitionSettings settings = new PartitionSettings(256, 1000, 2, 1 << 20);
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
    String persistenceId = PartitionEntity.persistenceIdOf(43).id();
    for (int incarnation = 1; incarnation <= 2; incarnation++) {
      ActorRef<PartitionCommand> partition = TEST_KIT.spawn(PartitionEntity.create(43, settings));
      partition.tell(new Get("k", client.ref()));
      client.receiveMessage();
      assertEquals(incarnation - 1, journal.persistedInStorage(persistenceId).size() / 65, "reads write no fence");
      partition.tell(put("k", Integer.toString(incarnation), client));
      assertEquals(new PartitionReply.PutAccepted("k", incarnation, incarnation == 1), client.receiveMessage(),
          "versions continue across the fence");
      TEST_KIT.stop(partition);
    }
    List<Object> events = journal.persistedInStorage(persistenceId);
    assertEquals(2 * (PartitionEntity.MIN_FENCE_LENGTH + 1), events.size());
    assertInstanceOf(PartitionEvent.WriterFence.class, events.get(PartitionEntity.MIN_FENCE_LENGTH + 1));
  }

  @Test
  void batchedWritesStillTriggerSnapshots() throws InterruptedException {
    PartitionSettings settings = new PartitionSettings(256, 10, 2, 1 << 20);
    ActorRef<PartitionCommand> partition = TEST_KIT.spawn(PartitionEntity.create(42, settings));
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    for (int i = 1; i <= 95; i++) {
      partition.tell(put("key-" + i, "1", client));
    }
    client.receiveSeveralMessages(95);
    SnapshotTestKit snapshots = SnapshotTestKit.create(TEST_KIT.system());
    String persistenceId = PartitionEntity.persistenceIdOf(42).id();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (snapshots.persistedInStorage(persistenceId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    var stored = snapshots.persistedInStorage(persistenceId);
    assertTrue(!stored.isEmpty(), "no snapshot after 95 batched writes with snapshot-every 10");
    long latest = stored.get(stored.size() - 1).first().sequenceNr();
    assertTrue(latest >= 80, "latest snapshot at sequence number " + latest);
  }

  static Behavior<PartitionCommand> forwardTo(TestProbe<PartitionCommand> probe) {
    return Behaviors.receiveMessage(message -> {
      probe.ref().tell(message);
      return Behaviors.same();
    });
  }

  private static Put put(String key, String value, TestProbe<PartitionReply> client) {
    return new Put(key, json(value), Precondition.NONE, client.ref());
  }

  static List<String> keysOf(WriteBatch batch) {
    List<String> keys = new ArrayList<>();
    for (PartitionCommand write : batch.writes()) {
      keys.add(((Put) write).key());
    }
    return keys;
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
