package io.cohort.core.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.FieldError;
import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.config.namespace.ReplicaConsistency;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceTable;
import io.cohort.core.namespace.RegistryCommand;
import io.cohort.core.namespace.RegistryEvent;
import io.cohort.core.namespace.RegistryReply;
import io.cohort.core.namespace.RegistryState;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionEvent;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.PartitionSnapshot;
import io.cohort.core.partition.Precondition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Serialization of the namespace registry's messages, events and state, and of the partition messages and
 * events added with namespaces and expiring values: cluster messages through Kryo, journal data through
 * Jackson CBOR, including journal events written before values could expire.
 */
class NamespaceSerializationTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.actor.provider = local").withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final Serialization SERIALIZATION =
      SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
  private static final byte[] VALUE = "{\"name\":\"ünï\"}".getBytes(StandardCharsets.UTF_8);

  private static final Namespace ORDERS = new Namespace(new NamespaceSpec("orders", 32, ConsistencyLevel.SEMI_SYNC,
      3, "data", 4096, 60, ReplicaConsistency.TWO, ReplicaConsistency.TWO), 1);
  private static final Namespace USERS = new Namespace(new NamespaceSpec("users", 1, ConsistencyLevel.STRONG, 5,
      "edge.tier", 1024 * 1024, 0, ReplicaConsistency.THREE, ReplicaConsistency.QUORUM), 7);

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    byte[] bytes = SERIALIZATION.serialize(message).get();
    Serializer serializer = SERIALIZATION.findSerializerFor(message);
    String manifest = Serializers.manifestFor(serializer, message);
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  /** Asserts that {@code message} goes through {@code serializer} and comes back equal. */
  private static void assertRoundTrips(Class<?> serializer, Object message) {
    assertInstanceOf(serializer, SERIALIZATION.findSerializerFor(message), message.getClass().getName());
    assertEquals(message, roundTrip(message));
  }

  private static <T> ArrayList<T> arrayList(List<T> items) {
    return new ArrayList<>(items);
  }

  // ---- Kryo: cluster messages

  @Test
  void registryCommandsRoundTripThroughKryo() {
    TestProbe<RegistryReply> replies = TEST_KIT.createTestProbe();
    TestProbe<NamespaceTable> tables = TEST_KIT.createTestProbe();
    List<RegistryCommand> commands = List.of(
        new RegistryCommand.Create(ORDERS.spec(), replies.ref()),
        new RegistryCommand.Change("orders", NamespaceRequest.named(null), replies.ref()),
        new RegistryCommand.Change("orders", new NamespaceRequest("orders", 32, "semi-sync", 3, "data", 4096L, 120L,
            "two", "TWO"), replies.ref()),
        new RegistryCommand.Remove("orders", 1, replies.ref()),
        new RegistryCommand.GetTable(tables.ref()));

    for (RegistryCommand command : commands) {
      assertRoundTrips(KryoSerializer.class, command);
    }
  }

  @Test
  void registryRepliesRoundTripThroughKryo() {
    List<RegistryReply> replies = List.of(
        new RegistryReply.Created(ORDERS),
        new RegistryReply.Changed(USERS),
        new RegistryReply.Removed(ORDERS),
        new RegistryReply.AlreadyExists(USERS),
        new RegistryReply.Unknown("payments", arrayList(List.of("orders", "users"))),
        new RegistryReply.Unknown("payments", new ArrayList<>()),
        new RegistryReply.Rejected("orders", arrayList(List.of(
            new FieldError("partitions", "64", "partitions cannot change after the namespace is created"),
            new FieldError("name", null, "name is missing")))));

    for (RegistryReply reply : replies) {
      assertRoundTrips(KryoSerializer.class, reply);
    }
  }

  @Test
  void namespaceTableRoundTripsThroughKryo() {
    assertRoundTrips(KryoSerializer.class, NamespaceTable.of(9, List.of(USERS, ORDERS)));
    assertRoundTrips(KryoSerializer.class, NamespaceTable.EMPTY);
    NamespaceTable copy = (NamespaceTable) roundTrip(NamespaceTable.of(9, List.of(USERS, ORDERS)));
    assertEquals(List.of("orders", "users"), copy.names());
  }

  @Test
  void newPartitionMessagesRoundTripThroughKryo() {
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    List<Object> messages = List.of(
        new PartitionCommand.CountKeys(probe.ref()),
        new PartitionCommand.Purge(probe.ref()),
        new PartitionReply.ReplicasUnavailable(3, "1 of 3 replicas up"),
        new PartitionReply.KeyCount(3, 12_345),
        new PartitionReply.Purged(3),
        new PartitionReply.NoHostForRole("orders", "data"),
        new PartitionReply.NoMajority(3, "node pekko://cohort@127.0.0.13:25520 reaches 1 of 3 cluster members"),
        new PartitionReply.OutcomeUnknown(3, "cart-7", "node pekko://cohort@127.0.0.13:25520 reaches 1 of 3"));

    for (Object message : messages) {
      assertRoundTrips(KryoSerializer.class, message);
    }
  }

  @Test
  void putWithTtlRoundTripsThroughKryo() {
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    PartitionCommand.Put put = new PartitionCommand.Put("k", VALUE, Precondition.IF_ABSENT, 3600, probe.ref());

    PartitionCommand.Put copy = (PartitionCommand.Put) roundTrip(put);

    assertEquals("k", copy.key());
    assertArrayEquals(VALUE, copy.value());
    assertEquals(Precondition.IF_ABSENT, copy.precondition());
    assertEquals(3600, copy.ttlSeconds());
    assertEquals(probe.ref(), copy.replyTo());
  }

  @Test
  void everyRegistryMessageIsRegistered() {
    Set<Class<?>> registered = new HashSet<>();
    KryoRegistrations.ALL.forEach(registration -> registered.add(registration.type()));
    List<Class<?>> types = new ArrayList<>(List.of(NamespaceTable.class, Namespace.class, NamespaceSpec.class,
        NamespaceRequest.class, FieldError.class, ArrayList.class));
    types.addAll(List.of(RegistryCommand.class.getPermittedSubclasses()));
    types.addAll(List.of(RegistryReply.class.getPermittedSubclasses()));

    for (Class<?> type : types) {
      assertTrue(registered.contains(type), type.getName() + " is missing from KryoRegistrations");
    }
  }

  // ---- Jackson CBOR: journal events, state and snapshots

  @Test
  void registryEventsRoundTripThroughCbor() {
    List<RegistryEvent> events = List.of(
        new RegistryEvent.NamespaceCreated(ORDERS),
        new RegistryEvent.NamespaceChanged(USERS),
        new RegistryEvent.NamespaceRemoved("orders", 1));

    for (RegistryEvent event : events) {
      assertRoundTrips(JacksonCborSerializer.class, event);
    }
  }

  @Test
  void registryStateRoundTripsThroughCbor() {
    assertRoundTrips(JacksonCborSerializer.class, new RegistryState(8, List.of(ORDERS, USERS)));
    assertRoundTrips(JacksonCborSerializer.class, RegistryState.EMPTY);
  }

  @Test
  void partitionClearedRoundTripsThroughCbor() {
    assertRoundTrips(JacksonCborSerializer.class, new PartitionEvent.PartitionCleared(41));
    assertRoundTrips(JacksonCborSerializer.class, new PartitionEvent.WriterFence(40));
    assertRoundTrips(JacksonCborSerializer.class, new PartitionEvent.HandedOff(41));
  }

  @Test
  void valuePutKeepsExpiryThroughCbor() {
    PartitionEvent.ValuePut put = new PartitionEvent.ValuePut("k/ü", VALUE, 12, 1_900_000_000_000L);
    assertInstanceOf(JacksonCborSerializer.class, SERIALIZATION.findSerializerFor(put));

    PartitionEvent.ValuePut copy = (PartitionEvent.ValuePut) roundTrip(put);

    assertEquals("k/ü", copy.key());
    assertArrayEquals(VALUE, copy.value());
    assertEquals(12, copy.version());
    assertEquals(1_900_000_000_000L, copy.expiresAtMillis());
  }

  @Test
  void valuePutFieldNamesAreStable() throws IOException {
    // The journal stores these names, so renaming a field makes older events read back without it.
    byte[] bytes = SERIALIZATION.serialize(new PartitionEvent.ValuePut("k", VALUE, 12, 5)).get();

    Map<String, Object> fields = new CBORMapper().readValue(bytes, new TypeReference<Map<String, Object>>() {});

    assertEquals(Set.of("key", "value", "version", "expiresAtMillis"), fields.keySet());
  }

  @Test
  void snapshotEntriesKeepExpiryThroughCbor() {
    PartitionSnapshot snapshot = new PartitionSnapshot(40, List.of(
        new PartitionSnapshot.Entry("a", VALUE, 3, 0),
        new PartitionSnapshot.Entry("b", VALUE, 40, 1_900_000_000_000L)));

    PartitionSnapshot copy = (PartitionSnapshot) roundTrip(snapshot);

    assertEquals(0, copy.entries().get(0).expiresAtMillis());
    assertEquals(1_900_000_000_000L, copy.entries().get(1).expiresAtMillis());
    assertEquals(40, copy.entries().get(1).version());
  }

  // ---- Jackson CBOR: data written before values could expire

  private static Object deserializeAs(Object sample, byte[] bytes) {
    Serializer serializer = SERIALIZATION.findSerializerFor(sample);
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, sample))
        .get();
  }

  @Test
  void oldValuePutNeverExpires() throws IOException {
    Map<String, Object> oldEvent = new LinkedHashMap<>();
    oldEvent.put("key", "k");
    oldEvent.put("value", VALUE);
    oldEvent.put("version", 12L);
    byte[] oldBytes = new CBORMapper().writeValueAsBytes(oldEvent);

    Object read = deserializeAs(new PartitionEvent.ValuePut("sample", VALUE, 1, 1), oldBytes);

    PartitionEvent.ValuePut put = assertInstanceOf(PartitionEvent.ValuePut.class, read);
    assertEquals("k", put.key());
    assertArrayEquals(VALUE, put.value());
    assertEquals(12, put.version());
    assertEquals(0, put.expiresAtMillis());
  }

  @Test
  void oldSnapshotEntryNeverExpires() throws IOException {
    Map<String, Object> oldEntry = new LinkedHashMap<>();
    oldEntry.put("key", "a");
    oldEntry.put("value", VALUE);
    oldEntry.put("version", 3L);
    Map<String, Object> oldSnapshot = new LinkedHashMap<>();
    oldSnapshot.put("revision", 7L);
    oldSnapshot.put("entries", List.of(oldEntry));
    byte[] oldBytes = new CBORMapper().writeValueAsBytes(oldSnapshot);

    Object read = deserializeAs(new PartitionSnapshot(1, List.of()), oldBytes);

    PartitionSnapshot snapshot = assertInstanceOf(PartitionSnapshot.class, read);
    assertEquals(7, snapshot.revision());
    assertEquals(1, snapshot.entries().size());
    assertEquals("a", snapshot.entries().get(0).key());
    assertEquals(3, snapshot.entries().get(0).version());
    assertEquals(0, snapshot.entries().get(0).expiresAtMillis());
  }
}
