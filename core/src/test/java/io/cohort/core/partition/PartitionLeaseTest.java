package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.PartitionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PartitionLeaseTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create(
      ConfigFactory.parseString("""
              pekko.actor.provider = local
              test-lease {
                lease-class = "io.cohort.core.partition.TestLease"
                heartbeat-timeout = 6s
                heartbeat-interval = 1s
                lease-operation-timeout = 2s
              }
              """)
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(CohortConfig.withDefaults(ConfigFactory.empty())));
  private static final PartitionSettings SETTINGS = new PartitionSettings(256, 100, 2, 1 << 20, "test-lease");

  @AfterAll
  static void shutDown() {
    TEST_KIT.shutdownTestKit();
  }

  private static ActorRef<PartitionCommand> start(int partition) {
    return TEST_KIT.spawn(PartitionEntity.create(partition, SETTINGS));
  }

  private static TestLease leaseOf(int partition) {
    TestProbe<Object> waiter = TEST_KIT.createTestProbe();
    return waiter.awaitAssert(Duration.ofSeconds(3), () -> {
      TestLease lease = TestLease.BY_NAME.get("cohort-kv-" + partition);
      assertTrue(lease != null, "lease of partition " + partition + " created");
      return lease;
    });
  }

  private static PartitionCommand.Put put(String key, TestProbe<PartitionReply> probe) {
    return new PartitionCommand.Put(key, "1".getBytes(StandardCharsets.UTF_8), Precondition.NONE, probe.ref());
  }

  @Test
  void requestsWaitUntilLeaseAcquired() {
    TestLease.grantNewLeases = false;
    ActorRef<PartitionCommand> partition;
    TestLease lease;
    try {
      partition = start(1);
      lease = leaseOf(1);
    } finally {
      TestLease.grantNewLeases = true;
    }
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    partition.tell(new PartitionCommand.Get("k", probe.ref()));
    probe.expectNoMessage(Duration.ofMillis(300));

    lease.grant = true;
    assertEquals(new PartitionReply.KeyNotFound("k"), probe.receiveMessage(Duration.ofSeconds(5)));
    assertTrue(lease.acquireCalls >= 2, "acquire retried, calls: " + lease.acquireCalls);
  }

  @Test
  void invalidLeaseRefusesAndStops() {
    ActorRef<PartitionCommand> partition = start(2);
    TestLease lease = leaseOf(2);
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    partition.tell(put("k", probe));
    assertInstanceOf(PartitionReply.PutAccepted.class, probe.receiveMessage(Duration.ofSeconds(5)));

    lease.valid = false;
    partition.tell(put("k", probe));
    assertEquals(new PartitionReply.LeaseNotHeld(2), probe.receiveMessage(Duration.ofSeconds(5)));
    probe.expectTerminated(partition, Duration.ofSeconds(5));
    assertTrue(lease.released, "lease released when the copy stops");
  }

  @Test
  void invalidLeaseRefusesReads() {
    ActorRef<PartitionCommand> partition = start(3);
    TestLease lease = leaseOf(3);
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    partition.tell(put("k", probe));
    probe.receiveMessage(Duration.ofSeconds(5));

    lease.valid = false;
    partition.tell(new PartitionCommand.Get("k", probe.ref()));
    assertEquals(new PartitionReply.LeaseNotHeld(3), probe.receiveMessage(Duration.ofSeconds(5)));
  }

  @Test
  void lostLeaseStopsPartition() {
    ActorRef<PartitionCommand> partition = start(4);
    TestLease lease = leaseOf(4);
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    partition.tell(new PartitionCommand.Get("k", probe.ref()));
    probe.receiveMessage(Duration.ofSeconds(5));

    lease.loseLease();
    probe.expectTerminated(partition, Duration.ofSeconds(5));
    assertTrue(lease.released, "lease released when the copy stops");
  }
}
