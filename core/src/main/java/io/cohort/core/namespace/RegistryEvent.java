package io.cohort.core.namespace;

import io.cohort.core.serialization.JournalSerializable;

/** Events of the namespace registry's journal. */
public sealed interface RegistryEvent extends JournalSerializable {

  record NamespaceCreated(Namespace namespace) implements RegistryEvent {}

  /** The namespace's settings after a change; only the mutable ones differ from before. */
  record NamespaceChanged(Namespace namespace) implements RegistryEvent {}

  record NamespaceRemoved(String name, long generation) implements RegistryEvent {}
}
