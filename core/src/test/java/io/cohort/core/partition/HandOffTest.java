package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.GroupCommitSettings;
import io.cohort.config.PartitionSettings;
import io.cohort.core.partition.PartitionCommand.HandOff;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A partition that moves: it persists what it accepted, ends its journal with a hand-off marker when it may,
 * and the next master skips its fence only after such a marker.
 */
class HandOffTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final PartitionSettings SETTINGS = new PartitionSettings(256, 1000, 2, 1 << 20);
  private static final int FENCE = PartitionEntity.MIN_FENCE_LENGTH;

  private final PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
  private final TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void frontSendsQueuedWritesBeforeTheHandOff() {
    TestProbe<PartitionCommand> entity = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> front = TEST_KIT.spawn(
        GroupCommit.create(1, new GroupCommitSettings(4, 1024), forwardTo(entity)));
    front.tell(put("a", "1"));
    entity.expectMessageClass(WriteBatch.class);
    for (String key : List.of("b", "c", "d", "e", "f")) {
      front.tell(put(key, "1"));
    }
    front.tell(new HandOff());

    assertEquals(List.of("b", "c", "d", "e"), keysOf(entity.expectMessageClass(WriteBatch.class)));
    assertEquals(List.of("f"), keysOf(entity.expectMessageClass(WriteBatch.class)));
    entity.expectMessageClass(HandOff.class);
  }

  @Test
  void nextMasterSkipsTheFenceOnlyAfterAMarker() {
    int partition = 50;
    String id = PartitionEntity.persistenceIdOf(partition).id();
    ActorRef<PartitionCommand> first = start(partition);
    writeAndAwait(first, "k", "1");
    handOff(first);
    List<Object> events = journal.persistedInStorage(id);
    assertEquals(FENCE + 2, events.size(), "fence, one write, the marker");
    assertInstanceOf(PartitionEvent.HandedOff.class, events.get(events.size() - 1));

    ActorRef<PartitionCommand> second = start(partition);
    assertEquals(2, writeAndAwait(second, "k", "2").version(), "versions continue after the hand-off");
    assertEquals(FENCE + 3, journal.persistedInStorage(id).size(), "no fence after a clean hand-off");
    TEST_KIT.stop(second);

    ActorRef<PartitionCommand> third = start(partition);
    writeAndAwait(third, "k", "3");
    assertEquals(2 * FENCE + 4, journal.persistedInStorage(id).size(), "a master that did not hand off");
    TEST_KIT.stop(third);
  }

  @Test
  void masterThatDidNotFenceAddsNoMarker() {
    int partition = 51;
    String id = PartitionEntity.persistenceIdOf(partition).id();
    ActorRef<PartitionCommand> first = start(partition);
    writeAndAwait(first, "k", "1");
    TEST_KIT.stop(first);

    handOff(start(partition));
    assertEquals(FENCE + 1, journal.persistedInStorage(id).size(), "an unfenced master leaves no marker");

    ActorRef<PartitionCommand> third = start(partition);
    writeAndAwait(third, "k", "2");
    assertEquals(2 * FENCE + 2, journal.persistedInStorage(id).size(), "so the next master still fences");
    TEST_KIT.stop(third);
  }

  @Test
  void masterThatWroteNothingKeepsTheMarkerLast() {
    int partition = 52;
    String id = PartitionEntity.persistenceIdOf(partition).id();
    ActorRef<PartitionCommand> first = start(partition);
    writeAndAwait(first, "k", "1");
    handOff(first);

    ActorRef<PartitionCommand> reader = start(partition);
    reader.tell(new PartitionCommand.Get("k", client.ref()));
    assertInstanceOf(PartitionReply.Found.class, client.receiveMessage());
    handOff(reader);
    assertEquals(FENCE + 2, journal.persistedInStorage(id).size(), "a reader adds no second marker");

    ActorRef<PartitionCommand> writer = start(partition);
    writeAndAwait(writer, "k", "2");
    assertEquals(FENCE + 3, journal.persistedInStorage(id).size(), "the marker still spares the fence");
    TEST_KIT.stop(writer);
  }

  private ActorRef<PartitionCommand> start(int partition) {
    return TEST_KIT.spawn(PartitionEntity.create(partition, SETTINGS));
  }

  private PartitionReply.PutAccepted writeAndAwait(ActorRef<PartitionCommand> partition, String key, String value) {
    partition.tell(put(key, value));
    return client.expectMessageClass(PartitionReply.PutAccepted.class);
  }

  private void handOff(ActorRef<PartitionCommand> partition) {
    TestProbe<Object> watcher = TEST_KIT.createTestProbe();
    partition.tell(new HandOff());
    watcher.expectTerminated(partition, Duration.ofSeconds(5));
  }

  private PartitionCommand put(String key, String value) {
    return new Put(key, value.getBytes(StandardCharsets.UTF_8), Precondition.NONE, client.ref());
  }

  private static List<String> keysOf(WriteBatch batch) {
    return batch.writes().stream().map(write -> ((Put) write).key()).toList();
  }

  private static Behavior<PartitionCommand> forwardTo(TestProbe<PartitionCommand> probe) {
    return Behaviors.receiveMessage(message -> {
      probe.ref().tell(message);
      return Behaviors.same();
    });
  }
}
