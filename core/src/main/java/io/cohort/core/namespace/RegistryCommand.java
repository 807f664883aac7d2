package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.serialization.ClusterMessage;
import org.apache.pekko.actor.typed.ActorRef;

/** Messages the namespace registry accepts. */
public sealed interface RegistryCommand extends ClusterMessage {

  /** Creates a namespace from validated settings. Replies {@link RegistryReply.Created} or {@link RegistryReply.AlreadyExists}. */
  record Create(NamespaceSpec spec, ActorRef<RegistryReply> replyTo) implements RegistryCommand {}

  /**
   * Applies the fields of {@code change} to namespace {@code name}. Replies {@link RegistryReply.Changed},
   * {@link RegistryReply.Rejected} when a field is invalid or immutable, or {@link RegistryReply.Unknown}.
   */
  record Change(String name, NamespaceRequest change, ActorRef<RegistryReply> replyTo) implements RegistryCommand {}

  /**
   * Removes namespace {@code name} if it still has {@code generation}, so a removal decided for one namespace
   * never removes a namespace created again under the same name. Replies {@link RegistryReply.Removed} or
   * {@link RegistryReply.Unknown}.
   */
  record Remove(String name, long generation, ActorRef<RegistryReply> replyTo) implements RegistryCommand {}

  /** Replies with the current {@link NamespaceTable}. */
  record GetTable(ActorRef<NamespaceTable> replyTo) implements RegistryCommand {}
}
