package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.PartitionSettings;
import io.cohort.core.partition.PartitionCommand.CountKeys;
import io.cohort.core.partition.PartitionCommand.Delete;
import io.cohort.core.partition.PartitionCommand.Get;
import io.cohort.core.partition.PartitionCommand.Purge;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import io.cohort.core.partition.PartitionEvent.PartitionCleared;
import io.cohort.core.partition.PartitionEvent.ValuePut;
import io.cohort.core.partition.PartitionReply.Found;
import io.cohort.core.partition.PartitionReply.KeyCount;
import io.cohort.core.partition.PartitionReply.KeyNotFound;
import io.cohort.core.partition.PartitionReply.Purged;
import io.cohort.core.partition.PartitionReply.PutAccepted;
import io.cohort.core.partition.PartitionReply.ReplicasUnavailable;
import io.cohort.core.partition.PartitionReply.VersionConflict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiring values, key counts, purges and the replica check of a partition of a namespace. Expired values
 * come from events with an expiry an hour in the past, so no test waits for a clock.
 */
class PartitionTtlTest {
  /** Snapshots so rare that no test takes one, so events stay in the journal and its size counts writes. */
  private static final PartitionSettings SETTINGS = new PartitionSettings(256, 1_000_000, 2, 4096);
  private static final PartitionSettings SNAPSHOT_EVERY_10 = new PartitionSettings(256, 10, 2, 4096);
  private static final long HOUR_MILLIS = 3_600_000;
  private static final String ENTITY_TYPE = "ns-orders-1";
  private static final int PARTITION = 7;

  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(EventSourcedBehaviorTestKit.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final PersistenceTestKit JOURNAL = PersistenceTestKit.create(TEST_KIT.system());
  private static final String PERSISTENCE_ID = PartitionEntity.persistenceIdOf(ENTITY_TYPE, PARTITION).id();

  /** What the storage's replica check returns. Each test starts with every replica up. */
  private final AtomicReference<Optional<String>> missingReplicas = new AtomicReference<>(Optional.empty());
  private final PartitionStorage storage =
      new PartitionStorage(ENTITY_TYPE, "", "", () -> missingReplicas.get());

  private EventSourcedBehaviorTestKit<PartitionCommand, PartitionEvent, PartitionState> kit;

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    kit = EventSourcedBehaviorTestKit.create(
        TEST_KIT.system(),
        PartitionEntity.journaled(PARTITION, SETTINGS, storage),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    kit.clear();
    writeFence();
  }

  /**
   * Makes the entity write its fence now, with a delete of an absent key, so later commands get only their
   * own events. GroupCommitTest covers the fence itself.
   */
  private void writeFence() {
    assertEquals(new KeyNotFound("fence"),
        kit.<PartitionReply>runCommand(replyTo -> new Delete("fence", Precondition.NONE, replyTo)).reply());
  }

  /** Starts the entity again from a journal that contains only {@code events}, then writes the fence. */
  private void recoverFrom(PartitionEvent... events) {
    kit.initialize((Object[]) events);
    writeFence();
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private CommandResultWithReply<PartitionCommand, PartitionEvent, PartitionState, PartitionReply> put(
      String key, Precondition precondition, long ttlSeconds) {
    return kit.runCommand(replyTo -> new Put(key, json("\"v\""), precondition, ttlSeconds, replyTo));
  }

  private PartitionReply get(String key) {
    return kit.<PartitionReply>runCommand(replyTo -> new Get(key, replyTo)).reply();
  }

  private PartitionReply countKeys() {
    return kit.<PartitionReply>runCommand(CountKeys::new).reply();
  }

  // ---- expiry

  @Test
  void putWithTtlSetsExpiry() {
    long before = System.currentTimeMillis();
    var result = put("k", Precondition.NONE, 60);
    long after = System.currentTimeMillis();

    assertEquals(new PutAccepted("k", 1, true), result.reply());
    ValuePut event = assertInstanceOf(ValuePut.class, result.events().get(0));
    assertTrue(event.expiresAtMillis() >= before + 60_000, "expiry " + event.expiresAtMillis());
    assertTrue(event.expiresAtMillis() <= after + 60_000, "expiry " + event.expiresAtMillis());
    assertInstanceOf(Found.class, get("k"));
  }

  @Test
  void putWithoutTtlNeverExpires() {
    ValuePut event = assertInstanceOf(ValuePut.class, put("k", Precondition.NONE, 0).events().get(0));
    assertEquals(0, event.expiresAtMillis());

    ValuePut viaShortConstructor = assertInstanceOf(ValuePut.class, kit.<PartitionReply>runCommand(
        replyTo -> new Put("j", json("1"), Precondition.NONE, replyTo)).events().get(0));
    assertEquals(0, viaShortConstructor.expiresAtMillis());
  }

  @Test
  void expiredValueIsNotFound() {
    recoverFrom(new ValuePut("k", json("1"), 1, System.currentTimeMillis() - HOUR_MILLIS));

    assertEquals(new KeyNotFound("k"), get("k"));
  }

  @Test
  void expiredValueIsAbsentForPreconditions() {
    recoverFrom(new ValuePut("k", json("1"), 1, System.currentTimeMillis() - HOUR_MILLIS));

    assertEquals(new VersionConflict("k", 0, Precondition.IF_PRESENT), put("k", Precondition.IF_PRESENT, 0).reply());
    assertEquals(new VersionConflict("k", 0, Precondition.ifVersion(1)),
        put("k", Precondition.ifVersion(1), 0).reply());
    assertEquals(new KeyNotFound("k"),
        kit.<PartitionReply>runCommand(replyTo -> new Delete("k", Precondition.NONE, replyTo)).reply());

    var accepted = put("k", Precondition.IF_ABSENT, 0);
    assertEquals(new PutAccepted("k", 2, true), accepted.reply(), "the version grows past the expired one");
    Found found = assertInstanceOf(Found.class, get("k"));
    assertEquals(2, found.version());
    assertArrayEquals(json("\"v\""), found.value());
  }

  @Test
  void unexpiredValueIsPresent() {
    recoverFrom(new ValuePut("k", json("1"), 1, System.currentTimeMillis() + HOUR_MILLIS));

    Found found = assertInstanceOf(Found.class, get("k"));
    assertEquals(1, found.version());
    assertEquals(new VersionConflict("k", 1, Precondition.IF_ABSENT), put("k", Precondition.IF_ABSENT, 0).reply());
  }

  @Test
  void snapshotLeavesOutExpiredValue() {
    kit = EventSourcedBehaviorTestKit.create(
        TEST_KIT.system(),
        PartitionEntity.journaled(PARTITION, SNAPSHOT_EVERY_10, storage),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    SnapshotTestKit snapshots = SnapshotTestKit.create(TEST_KIT.system());
    recoverFrom(
        new ValuePut("expired", json("1"), 1, System.currentTimeMillis() - HOUR_MILLIS),
        new ValuePut("live", json("2"), 2, System.currentTimeMillis() + HOUR_MILLIS));
    int before = snapshots.persistedInStorage(PERSISTENCE_ID).size();

    // Snapshots are taken every 10 sequence numbers, so 10 writes take at least one.
    for (int i = 0; i < 10; i++) {
      put("key-" + i, Precondition.NONE, 0);
    }
    TestProbe<Object> waiter = TEST_KIT.createTestProbe();
    waiter.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(snapshots.persistedInStorage(PERSISTENCE_ID).size() > before, "a new snapshot is stored");
      return null;
    });

    var stored = snapshots.persistedInStorage(PERSISTENCE_ID);
    PartitionSnapshot latest = (PartitionSnapshot) stored.get(stored.size() - 1).second();
    List<String> keys = latest.entries().stream().map(PartitionSnapshot.Entry::key).toList();
    assertTrue(keys.contains("live"), "keys " + keys);
    assertTrue(!keys.contains("expired"), "keys " + keys);
  }

  // ---- key count and purge

  @Test
  void countKeysCountsStoredKeys() {
    assertEquals(new KeyCount(PARTITION, 0), countKeys());
    put("a", Precondition.NONE, 0);
    put("b", Precondition.NONE, 3600);
    put("a", Precondition.NONE, 0);

    var result = kit.<PartitionReply>runCommand(CountKeys::new);

    assertEquals(new KeyCount(PARTITION, 2), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void countKeysLeavesOutExpiredValues() {
    recoverFrom(
        new ValuePut("expired", json("1"), 1, System.currentTimeMillis() - HOUR_MILLIS),
        new ValuePut("live", json("2"), 2, 0));

    assertEquals(new KeyCount(PARTITION, 1), countKeys());
  }

  /**
   * Starts partition {@code partition} outside the test kit, whose commands ask the entity for its state after
   * every reply and so time out once a purge has stopped it.
   */
  private ActorRef<PartitionCommand> spawnPartition(int partition) {
    return TEST_KIT.spawn(PartitionEntity.journaled(partition, SETTINGS, storage));
  }

  private static void putDirect(ActorRef<PartitionCommand> entity, String key, TestProbe<PartitionReply> client) {
    entity.tell(new Put(key, json("1"), Precondition.NONE, client.ref()));
    assertInstanceOf(PutAccepted.class, client.receiveMessage());
  }

  @Test
  void purgeClearsRepliesPurgedAndStops() {
    int partition = PARTITION + 1;
    String persistenceId = PartitionEntity.persistenceIdOf(ENTITY_TYPE, partition).id();
    JOURNAL.clearByPersistenceId(persistenceId);
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> entity = spawnPartition(partition);
    putDirect(entity, "a", client);
    putDirect(entity, "b", client);

    entity.tell(new Purge(client.ref()));

    assertEquals(new Purged(partition), client.receiveMessage());
    client.expectTerminated(entity, Duration.ofSeconds(3));
    List<Object> events = JOURNAL.persistedInStorage(persistenceId);
    assertEquals(new PartitionCleared(3), events.get(events.size() - 1), "the last event clears the partition");
  }

  @Test
  void purgedPartitionRecoversEmpty() {
    int partition = PARTITION + 2;
    JOURNAL.clearByPersistenceId(PartitionEntity.persistenceIdOf(ENTITY_TYPE, partition).id());
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    ActorRef<PartitionCommand> purged = spawnPartition(partition);
    putDirect(purged, "a", client);
    putDirect(purged, "b", client);
    purged.tell(new Purge(client.ref()));
    assertEquals(new Purged(partition), client.receiveMessage());
    client.expectTerminated(purged, Duration.ofSeconds(3));

    ActorRef<PartitionCommand> recovered = spawnPartition(partition);

    recovered.tell(new CountKeys(client.ref()));
    assertEquals(new KeyCount(partition, 0), client.receiveMessage());
    recovered.tell(new Get("a", client.ref()));
    assertEquals(new KeyNotFound("a"), client.receiveMessage());
    recovered.tell(new Put("a", json("2"), Precondition.NONE, client.ref()));
    assertEquals(new PutAccepted("a", 4, true), client.receiveMessage(), "versions keep growing after a purge");
    TEST_KIT.stop(recovered);
  }

  // ---- replica check

  @Test
  void putWithMissingReplicasRejected() {
    int journalSize = JOURNAL.persistedInStorage(PERSISTENCE_ID).size();
    missingReplicas.set(Optional.of("1 of 3 replicas up, the level needs 3"));

    var rejected = put("k", Precondition.NONE, 0);

    assertEquals(new ReplicasUnavailable(PARTITION, "1 of 3 replicas up, the level needs 3"), rejected.reply());
    assertTrue(rejected.hasNoEvents());
    assertEquals(journalSize, JOURNAL.persistedInStorage(PERSISTENCE_ID).size(), "journal unchanged");
    assertEquals(new KeyNotFound("k"), get("k"));

    missingReplicas.set(Optional.empty());
    var accepted = put("k", Precondition.NONE, 0);

    assertEquals(new PutAccepted("k", 1, true), accepted.reply(), "the rejected write took no version");
    assertEquals(journalSize + 1, JOURNAL.persistedInStorage(PERSISTENCE_ID).size());
  }

  @Test
  void deleteWithMissingReplicasRejected() {
    put("k", Precondition.NONE, 0);
    missingReplicas.set(Optional.of("replicas down"));

    var rejected = kit.<PartitionReply>runCommand(replyTo -> new Delete("k", Precondition.NONE, replyTo));

    assertEquals(new ReplicasUnavailable(PARTITION, "replicas down"), rejected.reply());
    assertTrue(rejected.hasNoEvents());
    assertInstanceOf(Found.class, get("k"));
  }

  @Test
  void missingReplicasBlockFenceAfterRecovery() {
    kit.restart();
    int journalSize = JOURNAL.persistedInStorage(PERSISTENCE_ID).size();
    missingReplicas.set(Optional.of("replicas down"));

    assertEquals(new ReplicasUnavailable(PARTITION, "replicas down"), put("k", Precondition.NONE, 0).reply());
    assertEquals(journalSize, JOURNAL.persistedInStorage(PERSISTENCE_ID).size(), "no fence written");

    missingReplicas.set(Optional.empty());
    assertEquals(new PutAccepted("k", 1, true), put("k", Precondition.NONE, 0).reply());
    assertEquals(journalSize + PartitionEntity.MIN_FENCE_LENGTH + 1,
        JOURNAL.persistedInStorage(PERSISTENCE_ID).size(), "fence and write");
  }

  @Test
  void batchWithMissingReplicasRejectsEveryWrite() {
    TestProbe<PartitionReply> client = TEST_KIT.createTestProbe();
    int journalSize = JOURNAL.persistedInStorage(PERSISTENCE_ID).size();
    missingReplicas.set(Optional.of("replicas down"));

    // An ArrayList, because the test kit serializes every command and Kryo has that list class registered.
    List<PartitionCommand> writes = new ArrayList<>(List.of(
        new Put("a", json("1"), Precondition.NONE, client.ref()),
        new Delete("b", Precondition.NONE, client.ref())));
    var result = kit.<PartitionCommand>runCommand(front -> new WriteBatch(5, writes, front));

    assertEquals(new PartitionCommand.BatchWritten(5), result.reply(), "the front may send its next batch");
    assertEquals(List.of(new ReplicasUnavailable(PARTITION, "replicas down"),
        new ReplicasUnavailable(PARTITION, "replicas down")), client.receiveSeveralMessages(2));
    assertTrue(result.hasNoEvents());
    assertEquals(journalSize, JOURNAL.persistedInStorage(PERSISTENCE_ID).size());
  }
}
