package io.cohort.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Cassandra journal and snapshot store with Cohort's reference.conf against one embedded
 * Cassandra started for the whole class. The last test stops Cassandra.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraJournalTest {
  /** Covers the journal's first use, which creates the keyspaces and tables. */
  private static final Duration FIRST_WRITE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static EmbeddedCassandra cassandra;
  private static Config config;
  private static ActorTestKit testKit;

  @BeforeAll
  static void startCassandraAndActorSystem() throws Exception {
    cassandra = CassandraLauncher.start(TestCassandra.node(dir, 19046, 17006));
    config = JournalConfig.forEmbeddedCassandra(cassandra).withFallback(CohortConfig.withDefaults(ConfigFactory.empty()));
    testKit = ActorTestKit.create("CassandraJournalTest", config);
  }

  @AfterAll
  static void stopActorSystemAndCassandra() {
    try {
      if (testKit != null) {
        testKit.shutdownTestKit();
      }
    } finally {
      if (cassandra != null) {
        cassandra.stop();
      }
    }
  }

  @Test
  @Order(1)
  void persistentActorRecoversFromSnapshotAndEvents() {
    PersistenceId id = PersistenceId.ofUniqueId("ledger-1");
    TestProbe<Long> snapshots = testKit.createTestProbe();
    TestProbe<Integer> recoveries = testKit.createTestProbe();
    TestProbe<Done> acks = testKit.createTestProbe();
    TestProbe<String> states = testKit.createTestProbe();

    ActorRef<Ledger.Command> first = testKit.spawn(new Ledger(id, snapshots.ref(), recoveries.ref()));
    recoveries.expectMessage(FIRST_WRITE_TIMEOUT, 0);
    for (String entry : List.of("a", "b", "c", "d", "e")) {
      first.tell(new Ledger.Append(entry, acks.ref()));
      acks.expectMessage(FIRST_WRITE_TIMEOUT, Done.getInstance());
    }
    assertEquals(Ledger.SNAPSHOT_AT, snapshots.expectMessageClass(Long.class, FIRST_WRITE_TIMEOUT));
    first.tell(new Ledger.Read(states.ref()));
    assertEquals("a,b,c,d,e", states.receiveMessage());
    testKit.stop(first);

    ActorRef<Ledger.Command> second = testKit.spawn(new Ledger(id, snapshots.ref(), recoveries.ref()));
    // Recovery loads the snapshot taken at sequence number 3 and replays only events 4 and 5.
    assertEquals(2, recoveries.receiveMessage(Duration.ofSeconds(30)));
    second.tell(new Ledger.Read(states.ref()));
    assertEquals("a,b,c,d,e", states.receiveMessage());
    testKit.stop(second);

    try (CqlSession session = TestCassandra.connect(cassandra)) {
      Row events =
          session
              .execute(
                  "SELECT count(*) AS events FROM cohort_journal.messages"
                      + " WHERE persistence_id = 'ledger-1' AND partition_nr = 0")
              .one();
      assertNotNull(events);
      assertEquals(5L, events.getLong("events"));
      Row snapshot =
          session
              .execute("SELECT max(sequence_nr) AS latest FROM cohort_snapshot.snapshots WHERE persistence_id = 'ledger-1'")
              .one();
      assertNotNull(snapshot);
      assertEquals(Ledger.SNAPSHOT_AT, snapshot.getLong("latest"));
    }
  }

  @Test
  @Order(2)
  void journalHealthIsTrueWhileCassandraRuns() throws Exception {
    boolean reachable =
        JournalHealth.isReachable(testKit.system(), FIRST_WRITE_TIMEOUT)
            .toCompletableFuture()
            .get(FIRST_WRITE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);

    assertTrue(reachable);
  }

  @Test
  @Order(3)
  void journalHealthCreatesTablesOnFirstCheck() throws Exception {
    // A second actor system with keyspaces of its own, where the health check is the first use.
    Config healthFirst =
        ConfigFactory.parseString(
                "pekko.persistence.cassandra.journal.keyspace = health_first_journal\n"
                    + "pekko.persistence.cassandra.snapshot.keyspace = health_first_snapshot")
            .withFallback(config);
    ActorTestKit freshKit = ActorTestKit.create("JournalHealthFirst", healthFirst);
    try {
      boolean reachable =
          JournalHealth.isReachable(freshKit.system(), FIRST_WRITE_TIMEOUT)
              .toCompletableFuture()
              .get(FIRST_WRITE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
      assertTrue(reachable);
    } finally {
      freshKit.shutdownTestKit();
    }

    try (CqlSession session = TestCassandra.connect(cassandra)) {
      Row table =
          session
              .execute(
                  "SELECT table_name FROM system_schema.tables"
                      + " WHERE keyspace_name = 'health_first_journal' AND table_name = 'messages'")
              .one();
      assertNotNull(table, "the health check did not let the journal create health_first_journal.messages");
    }
  }

  @Test
  @Order(4)
  void journalHealthIsFalseAfterCassandraStops() throws Exception {
    cassandra.stop();
    Duration timeout = Duration.ofSeconds(3);
    long started = System.nanoTime();

    boolean reachable =
        JournalHealth.isReachable(testKit.system(), timeout).toCompletableFuture().get(20, TimeUnit.SECONDS);

    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    assertFalse(reachable);
    assertTrue(elapsed.compareTo(timeout.plusSeconds(2)) < 0, "took " + elapsed);
  }

  /**
   * A test-only persistent actor whose state is its entries joined by commas. It snapshots after event
   * {@link #SNAPSHOT_AT}, reports each snapshot's sequence number, and reports how many events each
   * recovery replayed.
   */
  static final class Ledger extends EventSourcedBehavior<Ledger.Command, String, String> {
    static final long SNAPSHOT_AT = 3;

    interface Command {}

    record Append(String entry, ActorRef<Done> replyTo) implements Command {}

    record Read(ActorRef<String> replyTo) implements Command {}

    private final ActorRef<Long> snapshots;
    private final ActorRef<Integer> recoveries;
    private int replayedEvents;
    private boolean recovered;

    Ledger(PersistenceId id, ActorRef<Long> snapshots, ActorRef<Integer> recoveries) {
      super(id);
      this.snapshots = snapshots;
      this.recoveries = recoveries;
    }

    @Override
    public String emptyState() {
      return "";
    }

    @Override
    public CommandHandler<Command, String, String> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              Append.class,
              (state, append) -> Effect().persist(append.entry()).thenReply(append.replyTo(), newState -> Done.getInstance()))
          .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
          .build();
    }

    @Override
    public EventHandler<String, String> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onAnyEvent(
              (state, entry) -> {
                if (!recovered) {
                  replayedEvents++;
                }
                return state.isEmpty() ? entry : state + "," + entry;
              });
    }

    @Override
    public boolean shouldSnapshot(String state, String event, long sequenceNr) {
      return sequenceNr == SNAPSHOT_AT;
    }

    @Override
    public SignalHandler<String> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(
              RecoveryCompleted.instance(),
              state -> {
                recovered = true;
                recoveries.tell(replayedEvents);
              })
          .onSignal(SnapshotCompleted.class, (state, completed) -> snapshots.tell(completed.metadata().sequenceNr()))
          .onSignal(SnapshotFailed.class, (state, failed) -> snapshots.tell(-1L))
          .build();
    }
  }
}
