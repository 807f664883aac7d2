package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.PartitionSettings;
import io.cohort.core.partition.PartitionCommand.Delete;
import io.cohort.core.partition.PartitionCommand.Get;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionReply.DeleteAccepted;
import io.cohort.core.partition.PartitionReply.Found;
import io.cohort.core.partition.PartitionReply.KeyNotFound;
import io.cohort.core.partition.PartitionReply.PartitionFull;
import io.cohort.core.partition.PartitionReply.PutAccepted;
import io.cohort.core.partition.PartitionReply.VersionConflict;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionEntityTest {
  private static final PartitionSettings SETTINGS = new PartitionSettings(256, 10, 2, 4096);

  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(EventSourcedBehaviorTestKit.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));

  private EventSourcedBehaviorTestKit<PartitionCommand, PartitionEvent, PartitionState> kit;

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    kit = EventSourcedBehaviorTestKit.create(
        TEST_KIT.system(),
        PartitionEntity.journaled(7, SETTINGS, PartitionStorage.DEFAULT),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    kit.clear();
    writeFence();
  }

  /**
   * Makes the entity write its fence now, with a delete of an absent key, so each test gets only the events
   * of its own commands. GroupCommitTest covers the fence itself.
   */
  private void writeFence() {
    PartitionReply reply = kit.<PartitionReply>runCommand(
        replyTo -> new Delete("fence", Precondition.NONE, replyTo)).reply();
    assertEquals(new KeyNotFound("fence"), reply);
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private CommandResultWithReply<PartitionCommand, PartitionEvent, PartitionState, PartitionReply> put(
      String key, String value, Precondition precondition) {
    return kit.runCommand(replyTo -> new Put(key, json(value), precondition, replyTo));
  }

  private PartitionReply get(String key) {
    return kit.<PartitionReply>runCommand(replyTo -> new Get(key, replyTo)).reply();
  }

  private PartitionReply delete(String key, Precondition precondition) {
    return kit.<PartitionReply>runCommand(replyTo -> new Delete(key, precondition, replyTo)).reply();
  }

  @Test
  void putThenGetReturnsValueAndVersion() {
    var result = put("k", "{\"a\":1}", Precondition.NONE);
    assertEquals(new PutAccepted("k", 1, true), result.reply());
    assertEquals(1, result.events().size());

    Found found = assertInstanceOf(Found.class, get("k"));
    assertArrayEquals(json("{\"a\":1}"), found.value());
    assertEquals(1, found.version());
  }

  @Test
  void overwriteIsNotCreatedAndBumpsVersion() {
    put("k", "1", Precondition.NONE);
    assertEquals(new PutAccepted("k", 2, false), put("k", "2", Precondition.NONE).reply());
  }

  @Test
  void getMissingKeyIsNotFound() {
    assertEquals(new KeyNotFound("nope"), get("nope"));
  }

  @Test
  void putIfVersionMatchesSucceeds() {
    put("k", "1", Precondition.NONE);
    assertEquals(new PutAccepted("k", 2, false), put("k", "2", Precondition.ifVersion(1)).reply());
  }

  @Test
  void putIfVersionMismatchIsConflictWithoutEvent() {
    put("k", "1", Precondition.NONE);
    var result = put("k", "2", Precondition.ifVersion(5));
    assertEquals(new VersionConflict("k", 1, Precondition.ifVersion(5)), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void putIfVersionOnAbsentKeyIsConflict() {
    assertEquals(new VersionConflict("k", 0, Precondition.ifVersion(1)),
        put("k", "1", Precondition.ifVersion(1)).reply());
  }

  @Test
  void putIfAbsentRejectsExistingKey() {
    assertEquals(new PutAccepted("k", 1, true), put("k", "1", Precondition.IF_ABSENT).reply());
    var second = put("k", "2", Precondition.IF_ABSENT);
    assertEquals(new VersionConflict("k", 1, Precondition.IF_ABSENT), second.reply());
    assertTrue(second.hasNoEvents());
  }

  @Test
  void putIfPresentRejectsMissingKey() {
    assertEquals(new VersionConflict("k", 0, Precondition.IF_PRESENT),
        put("k", "1", Precondition.IF_PRESENT).reply());
  }

  @Test
  void deleteRemovesKey() {
    put("k", "1", Precondition.NONE);
    assertEquals(new DeleteAccepted("k", 2), delete("k", Precondition.NONE));
    assertEquals(new KeyNotFound("k"), get("k"));
  }

  @Test
  void deleteMissingKeyIsNotFound() {
    assertEquals(new KeyNotFound("k"), delete("k", Precondition.NONE));
  }

  @Test
  void deleteIfVersionMismatchIsConflict() {
    put("k", "1", Precondition.NONE);
    assertEquals(new VersionConflict("k", 1, Precondition.ifVersion(9)), delete("k", Precondition.ifVersion(9)));
    assertInstanceOf(Found.class, get("k"));
  }

  @Test
  void recreatedKeyNeverReusesVersion() {
    put("k", "1", Precondition.NONE);
    delete("k", Precondition.NONE);
    PutAccepted recreated = (PutAccepted) put("k", "1", Precondition.NONE).reply();
    assertEquals(3, recreated.version());
    assertTrue(recreated.created());
  }

  @Test
  void versionsIncreaseAcrossKeys() {
    put("a", "1", Precondition.NONE);
    put("b", "1", Precondition.NONE);
    assertEquals(3, ((PutAccepted) put("a", "2", Precondition.NONE).reply()).version());
  }

  @Test
  void writePastSizeCapIsPartitionFull() {
    String big = "\"" + "x".repeat(3000) + "\"";
    put("a", big, Precondition.NONE);
    var result = put("b", big, Precondition.NONE);
    PartitionFull full = assertInstanceOf(PartitionFull.class, result.reply());
    assertEquals(7, full.partition());
    assertEquals(4096, full.maxBytes());
    assertTrue(result.hasNoEvents());
    assertEquals(new KeyNotFound("b"), get("b"));
  }

  @Test
  void shrinkingWriteAllowedWhenFull() {
    String big = "\"" + "x".repeat(3000) + "\"";
    put("a", big, Precondition.NONE);
    assertInstanceOf(PutAccepted.class, put("a", "1", Precondition.NONE).reply());
  }

  @Test
  void recoversFromEventsAlone() {
    put("a", "1", Precondition.NONE);
    put("b", "2", Precondition.NONE);
    delete("a", Precondition.NONE);

    PartitionState state = kit.restart().state();
    assertEquals(1, state.size());
    assertEquals(3, state.revision());
    assertEquals(new KeyNotFound("a"), get("a"));
    assertEquals(2, ((Found) get("b")).version());
  }

  @Test
  void recoversFromSnapshotPlusLaterEvents() throws InterruptedException {
    SnapshotTestKit snapshots = SnapshotTestKit.create(TEST_KIT.system());
    PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
    for (int i = 1; i <= 43; i++) {
      put("key-" + (i % 5), Integer.toString(i), Precondition.NONE);
    }
    String persistenceId = PartitionEntity.persistenceIdOf(7).id();

    // The fence took sequence numbers 1 to 64, so the puts are events 65 to 107. With snapshots every 10
    // events and 2 kept, the snapshot at 100 deletes events up to 100 - 2 * 10 = 80 and the snapshots older
    // than that, so snapshots 80, 90 and 100 remain. Deletion is asynchronous.
    awaitSize(() -> snapshots.persistedInStorage(persistenceId).size(), 3);
    var stored = snapshots.persistedInStorage(persistenceId);
    assertEquals(3, stored.size(), "snapshots kept");
    assertEquals(80, stored.get(0).first().sequenceNr());
    assertEquals(100, stored.get(2).first().sequenceNr());
    awaitSize(() -> journal.persistedInStorage(persistenceId).size(), 27);
    assertEquals(27, journal.persistedInStorage(persistenceId).size(), "events 81 to 107 remain");

    PartitionState state = kit.restart().state();
    assertEquals(5, state.size());
    assertEquals(43, state.revision());
    Found found = (Found) get("key-3");
    assertArrayEquals(json("43"), found.value());
    assertEquals(43, found.version());
    assertEquals(44, ((PutAccepted) put("key-0", "x", Precondition.NONE).reply()).version());
  }

  private static void awaitSize(java.util.function.IntSupplier size, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (size.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
