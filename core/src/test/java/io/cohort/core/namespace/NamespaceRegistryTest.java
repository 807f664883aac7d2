package io.cohort.core.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.FieldError;
import io.cohort.config.namespace.NamespaceDefaults;
import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceRules;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.namespace.RegistryEvent.NamespaceChanged;
import io.cohort.core.namespace.RegistryEvent.NamespaceCreated;
import io.cohort.core.namespace.RegistryEvent.NamespaceRemoved;
import io.cohort.core.namespace.RegistryReply.AlreadyExists;
import io.cohort.core.namespace.RegistryReply.Changed;
import io.cohort.core.namespace.RegistryReply.Created;
import io.cohort.core.namespace.RegistryReply.Rejected;
import io.cohort.core.namespace.RegistryReply.Removed;
import io.cohort.core.namespace.RegistryReply.Unknown;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The namespace registry over Pekko's in-memory journal. The test kit checks that every command, event and
 * state survives serialization, so these tests also cover the registry's Kryo and Jackson bindings.
 *
 * <p>The registry's Topic runs on the local receptionist: the actor system here has the local provider and no
 * cluster, which Topic in Pekko 1.2.1 does not need.
 */
class NamespaceRegistryTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local")
          .withFallback(EventSourcedBehaviorTestKit.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final NamespaceRules RULES =
      new NamespaceRules(new NamespaceDefaults(16, ConsistencyLevel.STRONG, 3, "data", 1024 * 1024));

  private EventSourcedBehaviorTestKit<RegistryCommand, RegistryEvent, RegistryState> kit;

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    kit = EventSourcedBehaviorTestKit.create(TEST_KIT.system(), NamespaceRegistry.create(RULES, "", ""),
        EventSourcedBehaviorTestKit.enabledSerializationSettings());
    kit.clear();
  }

  private static NamespaceSpec spec(String name) {
    return RULES.create(NamespaceRequest.named(name)).spec().orElseThrow();
  }

  private static NamespaceRequest ttlChange(long seconds) {
    return new NamespaceRequest(null, null, null, null, null, null, seconds, null, null);
  }

  private CommandResultWithReply<RegistryCommand, RegistryEvent, RegistryState, RegistryReply> create(String name) {
    return kit.runCommand(replyTo -> new RegistryCommand.Create(spec(name), replyTo));
  }

  private CommandResultWithReply<RegistryCommand, RegistryEvent, RegistryState, RegistryReply> change(
      String name, NamespaceRequest request) {
    return kit.runCommand(replyTo -> new RegistryCommand.Change(name, request, replyTo));
  }

  private CommandResultWithReply<RegistryCommand, RegistryEvent, RegistryState, RegistryReply> remove(
      String name, long generation) {
    return kit.runCommand(replyTo -> new RegistryCommand.Remove(name, generation, replyTo));
  }

  private NamespaceTable table() {
    return kit.<NamespaceTable>runCommand(RegistryCommand.GetTable::new).reply();
  }

  @Test
  void createRepliesCreatedWithRevisionAsGeneration() {
    var first = create("orders");
    Created created = assertInstanceOf(Created.class, first.reply());
    assertEquals(spec("orders"), created.namespace().spec());
    assertEquals(1, created.namespace().generation());
    assertEquals(List.of(new NamespaceCreated(created.namespace())), first.events());
    assertEquals(1, first.state().revision());

    var second = create("users");
    assertEquals(2, assertInstanceOf(Created.class, second.reply()).namespace().generation());
    assertEquals(2, second.state().revision());
    assertEquals("ns-users-2", ((Created) second.reply()).namespace().entityType());
  }

  @Test
  void createOfExistingNameRepliesAlreadyExists() {
    Namespace existing = ((Created) create("orders").reply()).namespace();

    var again = kit.<RegistryReply>runCommand(replyTo -> new RegistryCommand.Create(
        RULES.create(new NamespaceRequest("orders", 4, null, null, null, null, null, null, null)).spec()
            .orElseThrow(), replyTo));

    assertEquals(new AlreadyExists(existing), again.reply());
    assertTrue(again.hasNoEvents());
    assertEquals(1, again.state().revision());
  }

  @Test
  void changeOfTtlUpdatesState() {
    Namespace created = ((Created) create("orders").reply()).namespace();

    var result = change("orders", ttlChange(120));

    Changed changed = assertInstanceOf(Changed.class, result.reply());
    assertEquals(120, changed.namespace().spec().defaultTtlSeconds());
    assertEquals(created.generation(), changed.namespace().generation(), "a change keeps the generation");
    assertEquals(created.spec().withDefaultTtlSeconds(120), changed.namespace().spec());
    assertEquals(List.of(new NamespaceChanged(changed.namespace())), result.events());
    assertEquals(changed.namespace(), result.state().find("orders").orElseThrow());
    assertEquals(2, result.state().revision());
    assertEquals(120, table().find("orders").orElseThrow().spec().defaultTtlSeconds());
  }

  @Test
  void changeToSameTtlPersistsNothing() {
    create("orders");
    change("orders", ttlChange(60));

    var again = change("orders", ttlChange(60));

    assertInstanceOf(Changed.class, again.reply());
    assertTrue(again.hasNoEvents());
    assertEquals(2, again.state().revision());
  }

  @Test
  void changeOfPartitionsRepliesRejected() {
    create("orders");

    var result = change("orders", new NamespaceRequest(null, 64, null, null, null, null, null, null, null));

    Rejected rejected = assertInstanceOf(Rejected.class, result.reply());
    assertEquals("orders", rejected.name());
    assertEquals(List.of("partitions"), rejected.errors().stream().map(FieldError::field).toList());
    assertTrue(result.hasNoEvents());
    assertEquals(16, result.state().find("orders").orElseThrow().spec().partitions());
  }

  @Test
  void changeOfUnknownNameRepliesUnknown() {
    create("users");
    create("orders");

    var result = change("payments", ttlChange(60));

    Unknown unknown = assertInstanceOf(Unknown.class, result.reply());
    assertEquals("payments", unknown.name());
    assertEquals(List.of("orders", "users"), unknown.existing(), "existing names, sorted");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeWithWrongGenerationRepliesUnknown() {
    Namespace created = ((Created) create("orders").reply()).namespace();

    var result = remove("orders", created.generation() + 1);

    assertEquals(new Unknown("orders", new java.util.ArrayList<>(List.of("orders"))), result.reply());
    assertTrue(result.hasNoEvents());
    assertTrue(result.state().find("orders").isPresent());
  }

  @Test
  void removeRepliesRemovedAndDropsNamespace() {
    Namespace created = ((Created) create("orders").reply()).namespace();

    var result = remove("orders", created.generation());

    assertEquals(new Removed(created), result.reply());
    assertEquals(List.of(new NamespaceRemoved("orders", created.generation())), result.events());
    assertTrue(result.state().find("orders").isEmpty());
    assertEquals(2, result.state().revision());
    assertEquals(List.of(), table().namespaces());
  }

  @Test
  void createAfterRemoveGetsHigherGeneration() {
    Namespace first = ((Created) create("orders").reply()).namespace();
    remove("orders", first.generation());

    Namespace second = assertInstanceOf(Created.class, create("orders").reply()).namespace();

    assertEquals(3, second.generation());
    assertTrue(second.generation() > first.generation());
    assertNotEquals(first.entityType(), second.entityType(), "the new namespace starts with empty journals");
    assertEquals(new Unknown("orders", new java.util.ArrayList<>(List.of("orders"))),
        remove("orders", first.generation()).reply(), "a removal of the old generation misses the new one");
  }

  @Test
  void getTableListsNamespacesSortedByName() {
    create("users");
    create("orders");
    create("audit");

    NamespaceTable table = table();

    assertEquals(3, table.revision());
    assertEquals(List.of("audit", "orders", "users"), table.names());
  }

  @Test
  void restartRecoversSameTable() {
    create("users");
    Namespace orders = ((Created) create("orders").reply()).namespace();
    change("orders", ttlChange(300));
    remove("orders", orders.generation());
    create("orders");
    NamespaceTable before = table();

    RegistryState recovered = kit.restart().state();

    assertEquals(5, recovered.revision());
    assertEquals(before, recovered.table());
    assertEquals(before, table());
    assertEquals(5, table().find("orders").orElseThrow().generation());
  }

  @Test
  void topicSubscriberReceivesTableAfterChange() {
    create("orders");
    TestProbe<NamespaceTable> subscriber = TEST_KIT.createTestProbe();
    ActorRef<Topic.Command<NamespaceTable>> topic =
        TEST_KIT.spawn(Topic.create(NamespaceTable.class, NamespaceRegistry.TOPIC));
    topic.tell(Topic.subscribe(subscriber.ref()));

    // The registry's topic learns of the new topic instance through the receptionist, asynchronously, and
    // drops what it publishes before then, so the change is repeated with a new TTL until one arrives.
    NamespaceTable received = null;
    for (int attempt = 1; attempt <= 10 && received == null; attempt++) {
      long ttl = attempt * 60L;
      assertInstanceOf(Changed.class, change("orders", ttlChange(ttl)).reply());
      received = awaitTable(subscriber, table -> ttlOfOrders(table) == ttl, Duration.ofSeconds(1));
    }

    assertNotNull(received, "no table published within 10 changes");
    assertEquals(kit.getState().table(), received);
    TEST_KIT.stop(topic);
  }

  @Test
  void topicSubscriberReceivesTableAfterRecovery() {
    create("orders");
    NamespaceTable expected = table();
    TestProbe<NamespaceTable> subscriber = TEST_KIT.createTestProbe();
    ActorRef<Topic.Command<NamespaceTable>> topic =
        TEST_KIT.spawn(Topic.create(NamespaceTable.class, NamespaceRegistry.TOPIC));
    topic.tell(Topic.subscribe(subscriber.ref()));

    // A restarted registry has a new topic instance, which may publish before it has found the subscriber's.
    NamespaceTable received = null;
    for (int attempt = 1; attempt <= 10 && received == null; attempt++) {
      kit.restart();
      received = awaitTable(subscriber, expected::equals, Duration.ofSeconds(1));
    }

    assertNotNull(received, "no table published within 10 recoveries");
    TEST_KIT.stop(topic);
  }

  private static long ttlOfOrders(NamespaceTable table) {
    return table.find("orders").map(namespace -> namespace.spec().defaultTtlSeconds()).orElse(-1L);
  }

  /** Returns the first matching table that arrives within {@code timeout}, or null. Other tables are skipped. */
  private static NamespaceTable awaitTable(TestProbe<NamespaceTable> probe, Predicate<NamespaceTable> matches,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      NamespaceTable table;
      try {
        table = probe.receiveMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (AssertionError timedOut) {
        return null;
      }
      if (matches.test(table)) {
        return table;
      }
    }
    return null;
  }
}
