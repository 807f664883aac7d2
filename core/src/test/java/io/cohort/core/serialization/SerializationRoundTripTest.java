package io.cohort.core.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionEvent;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.PartitionSnapshot;
import io.cohort.core.partition.Precondition;
import io.cohort.core.routing.RoutingTracker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SerializationRoundTripTest {
  private static final ActorTestKit TEST_KIT =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local").withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final Serialization SERIALIZATION =
      SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
  private static final byte[] VALUE = "{\"name\":\"ünï\"}".getBytes(StandardCharsets.UTF_8);

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    byte[] bytes = SERIALIZATION.serialize(message).get();
    var serializer = SERIALIZATION.findSerializerFor(message);
    String manifest = Serializers.manifestFor(serializer, message);
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  private static void assertSerializerIs(Class<?> expected, Object message) {
    assertInstanceOf(expected, SERIALIZATION.findSerializerFor(message), message.getClass().getName());
  }

  @Test
  void commandsUseKryoAndRoundTrip() {
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    List<PartitionCommand> commands = List.of(
        new PartitionCommand.Get("k/1", probe.ref()),
        new PartitionCommand.Put("k", VALUE, Precondition.ifVersion(3), probe.ref()),
        new PartitionCommand.Delete("k", Precondition.IF_PRESENT, probe.ref()));
    for (PartitionCommand command : commands) {
      assertSerializerIs(KryoSerializer.class, command);
      PartitionCommand copy = (PartitionCommand) roundTrip(command);
      assertEquals(command.getClass(), copy.getClass());
      assertEquals(probe.ref(), replyToOf(copy));
    }
    PartitionCommand.Put put = (PartitionCommand.Put) roundTrip(commands.get(1));
    assertArrayEquals(VALUE, put.value());
    assertEquals(Precondition.ifVersion(3), put.precondition());
  }

  private static org.apache.pekko.actor.typed.ActorRef<PartitionReply> replyToOf(PartitionCommand command) {
    if (command instanceof PartitionCommand.Get get) {
      return get.replyTo();
    } else if (command instanceof PartitionCommand.Put put) {
      return put.replyTo();
    }
    return ((PartitionCommand.Delete) command).replyTo();
  }

  @Test
  void leaseMessagesRoundTrip() {
    for (PartitionCommand command : List.<PartitionCommand>of(new PartitionCommand.AcquireLease(),
        new PartitionCommand.LeaseAcquired(false, "timed out"), new PartitionCommand.LeaseLost("expired"))) {
      assertEquals(command, roundTrip(command));
    }
    assertEquals(new PartitionReply.LeaseNotHeld(3), roundTrip(new PartitionReply.LeaseNotHeld(3)));
    assertEquals(new PartitionReply.Overloaded(3, 10_000), roundTrip(new PartitionReply.Overloaded(3, 10_000)));
  }

  @Test
  void repliesUseKryoAndRoundTrip() {
    List<PartitionReply> replies = List.of(
        new PartitionReply.KeyNotFound("k"),
        new PartitionReply.PutAccepted("k", 5, true),
        new PartitionReply.DeleteAccepted("k", 6),
        new PartitionReply.VersionConflict("k", 4, Precondition.IF_ABSENT),
        new PartitionReply.PartitionFull(17, 100, 20, 110));
    for (PartitionReply reply : replies) {
      assertSerializerIs(KryoSerializer.class, reply);
      assertEquals(reply, roundTrip(reply));
    }
    PartitionReply.Found found = (PartitionReply.Found) roundTrip(new PartitionReply.Found("k", VALUE, 9));
    assertArrayEquals(VALUE, found.value());
    assertEquals(9, found.version());
  }

  @Test
  void routingMessagesRoundTrip() {
    TestProbe<RoutingTracker.Command> probe = TEST_KIT.createTestProbe();
    RoutingTracker.EndpointQuery query = new RoutingTracker.EndpointQuery(probe.ref());
    RoutingTracker.EndpointAnswer answer = new RoutingTracker.EndpointAnswer("http://127.0.0.12:8082", probe.ref());
    assertSerializerIs(KryoSerializer.class, query);
    assertEquals(query, roundTrip(query));
    assertEquals(answer, roundTrip(answer));
  }

  @Test
  void everyClusterMessageIsRegistered() {
    Set<Class<?>> registered = new HashSet<>();
    KryoRegistrations.ALL.forEach(registration -> registered.add(registration.type()));
    for (Class<?> sealed : List.of(PartitionCommand.class, PartitionReply.class, RoutingTracker.Command.class)) {
      for (Class<?> type : sealed.getPermittedSubclasses()) {
        boolean crossesNodes = ClusterMessage.class.isAssignableFrom(type) || sealed != RoutingTracker.Command.class;
        assertTrue(!crossesNodes || registered.contains(type), type.getName() + " is missing from KryoRegistrations");
      }
    }
  }

  @Test
  void registrationIdsAreUnique() {
    Set<Integer> ids = new HashSet<>();
    ids.add(KryoRegistrations.ACTOR_REF_ID);
    for (KryoRegistrations.Registration registration : KryoRegistrations.ALL) {
      assertTrue(ids.add(registration.id()), "duplicate Kryo id " + registration.id());
    }
  }

  @Test
  void unregisteredClassIsRejected() throws Exception {
    KryoSerializer serializer = (KryoSerializer) SERIALIZATION.serializerFor(PartitionCommand.Get.class);
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new java.util.HashMap<String, String>()));
  }

  @Test
  void eventsUseJacksonCborAndRoundTrip() {
    PartitionEvent.ValuePut put = new PartitionEvent.ValuePut("k/ü", VALUE, 12, 1_900_000_000_000L);
    assertSerializerIs(org.apache.pekko.serialization.jackson.JacksonCborSerializer.class, put);
    PartitionEvent.ValuePut putCopy = (PartitionEvent.ValuePut) roundTrip(put);
    assertEquals(put.key(), putCopy.key());
    assertEquals(put.version(), putCopy.version());
    assertArrayEquals(put.value(), putCopy.value());

    PartitionEvent.KeyDeleted deleted = new PartitionEvent.KeyDeleted("k", 13);
    assertSerializerIs(org.apache.pekko.serialization.jackson.JacksonCborSerializer.class, deleted);
    assertEquals(deleted, roundTrip(deleted));
  }

  @Test
  void snapshotUsesJacksonCborAndRoundTrips() {
    PartitionSnapshot snapshot = new PartitionSnapshot(40, List.of(
        new PartitionSnapshot.Entry("a", VALUE, 3, 0),
        new PartitionSnapshot.Entry("b/ç", "[1,2]".getBytes(StandardCharsets.UTF_8), 40, 1_900_000_000_000L)));
    assertSerializerIs(org.apache.pekko.serialization.jackson.JacksonCborSerializer.class, snapshot);
    PartitionSnapshot copy = (PartitionSnapshot) roundTrip(snapshot);
    assertEquals(40, copy.revision());
    assertEquals(2, copy.entries().size());
    for (int i = 0; i < 2; i++) {
      PartitionSnapshot.Entry expected = snapshot.entries().get(i);
      PartitionSnapshot.Entry actual = copy.entries().get(i);
      assertEquals(expected.key(), actual.key());
      assertEquals(expected.version(), actual.version());
      assertTrue(Arrays.equals(expected.value(), actual.value()), "value of " + expected.key());
    }
  }
}
