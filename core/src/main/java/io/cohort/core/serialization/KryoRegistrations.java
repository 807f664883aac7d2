package io.cohort.core.serialization;

import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.FieldError;
import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.config.namespace.ReplicaConsistency;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceTable;
import io.cohort.core.namespace.RegistryCommand;
import io.cohort.core.namespace.RegistryReply;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.Precondition;
import io.cohort.core.routing.RoutingTracker;
import java.util.List;

/**
 * The classes {@link KryoSerializer} may write, with their Kryo class ids. Ids are part of the wire format
 * between nodes: append new classes with new ids, never reuse or renumber an id, so that nodes of different
 * versions in one cluster still agree.
 */
public final class KryoRegistrations {
  /** Id of typed {@code ActorRef}s of every implementation class; see {@link KryoSerializer}. */
  public static final int ACTOR_REF_ID = 99;

  public record Registration(Class<?> type, int id) {}

  public static final List<Registration> ALL = List.of(
      new Registration(byte[].class, 20),
      new Registration(java.util.ArrayList.class, 21),
      new Registration(Precondition.class, 100),
      new Registration(Precondition.Kind.class, 101),
      new Registration(PartitionCommand.Get.class, 110),
      new Registration(PartitionCommand.Put.class, 111),
      new Registration(PartitionCommand.Delete.class, 112),
      new Registration(PartitionCommand.AcquireLease.class, 113),
      new Registration(PartitionCommand.LeaseAcquired.class, 114),
      new Registration(PartitionCommand.LeaseLost.class, 115),
      new Registration(PartitionCommand.WriteBatch.class, 116),
      new Registration(PartitionCommand.BatchWritten.class, 117),
      new Registration(PartitionCommand.BatchTimedOut.class, 118),
      new Registration(PartitionReply.Found.class, 130),
      new Registration(PartitionReply.KeyNotFound.class, 131),
      new Registration(PartitionReply.PutAccepted.class, 132),
      new Registration(PartitionReply.DeleteAccepted.class, 133),
      new Registration(PartitionReply.VersionConflict.class, 134),
      new Registration(PartitionReply.PartitionFull.class, 135),
      new Registration(PartitionReply.LeaseNotHeld.class, 136),
      new Registration(PartitionReply.Overloaded.class, 137),
      new Registration(RoutingTracker.EndpointQuery.class, 150),
      new Registration(RoutingTracker.EndpointAnswer.class, 151),
      new Registration(PartitionCommand.CountKeys.class, 119),
      new Registration(PartitionCommand.Purge.class, 120),
      new Registration(PartitionCommand.HandOff.class, 121),
      new Registration(PartitionCommand.SnapshotWaitEnded.class, 122),
      new Registration(PartitionReply.ReplicasUnavailable.class, 138),
      new Registration(PartitionReply.KeyCount.class, 139),
      new Registration(PartitionReply.Purged.class, 140),
      new Registration(PartitionReply.NoHostForRole.class, 141),
      new Registration(PartitionReply.NoMajority.class, 142),
      new Registration(PartitionReply.OutcomeUnknown.class, 143),
      new Registration(PartitionReply.Moving.class, 144),
      new Registration(Namespace.class, 160),
      new Registration(NamespaceSpec.class, 161),
      new Registration(ConsistencyLevel.class, 162),
      new Registration(ReplicaConsistency.class, 163),
      new Registration(NamespaceTable.class, 164),
      new Registration(NamespaceRequest.class, 165),
      new Registration(FieldError.class, 166),
      new Registration(RegistryCommand.Create.class, 170),
      new Registration(RegistryCommand.Change.class, 171),
      new Registration(RegistryCommand.Remove.class, 172),
      new Registration(RegistryCommand.GetTable.class, 173),
      new Registration(RegistryReply.Created.class, 180),
      new Registration(RegistryReply.Changed.class, 181),
      new Registration(RegistryReply.Removed.class, 182),
      new Registration(RegistryReply.AlreadyExists.class, 183),
      new Registration(RegistryReply.Unknown.class, 184),
      new Registration(RegistryReply.Rejected.class, 185));

  private KryoRegistrations() {}
}
