package io.cohort.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create();
  private static final byte[] VALUE = "\"v\"".getBytes(StandardCharsets.UTF_8);

  @AfterAll
  static void stop() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void outcomeUnknownReplacesAcceptances() {
    TestProbe<PartitionReply> accepted = TEST_KIT.createTestProbe();
    TestProbe<PartitionReply> conflicting = TEST_KIT.createTestProbe();
    TestProbe<PartitionReply> deleted = TEST_KIT.createTestProbe();
    BatchPlan plan = new BatchPlan(new PartitionState(), 7, 1 << 20);
    plan.add(new PartitionCommand.Put("a", VALUE, Precondition.NONE, 0, accepted.ref()));
    plan.add(new PartitionCommand.Put("a", VALUE, Precondition.IF_ABSENT, 0, conflicting.ref()));
    plan.add(new PartitionCommand.Delete("a", Precondition.NONE, deleted.ref()));

    plan.sendOutcomeUnknown("node lost the majority");

    PartitionReply.OutcomeUnknown put = assertInstanceOf(PartitionReply.OutcomeUnknown.class,
        accepted.receiveMessage());
    assertEquals(7, put.partition());
    assertEquals("a", put.key());
    assertEquals("node lost the majority", put.detail());
    assertInstanceOf(PartitionReply.VersionConflict.class, conflicting.receiveMessage());
    assertInstanceOf(PartitionReply.OutcomeUnknown.class, deleted.receiveMessage());
  }

  @Test
  void planWithoutLossSendsAcceptances() {
    TestProbe<PartitionReply> probe = TEST_KIT.createTestProbe();
    BatchPlan plan = new BatchPlan(new PartitionState(), 7, 1 << 20);
    plan.add(new PartitionCommand.Put("a", VALUE, Precondition.NONE, 0, probe.ref()));

    plan.sendReplies();

    assertInstanceOf(PartitionReply.PutAccepted.class, probe.receiveMessage());
  }
}
