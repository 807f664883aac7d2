package io.cohort.core.namespace;

import io.cohort.core.serialization.JournalSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's namespaces and revision. Immutable: the registry is small and changes rarely, so each event
 * builds a new state, and the same object serves as the snapshot.
 *
 * @param revision number of events applied; the generation of the next namespace created is revision + 1
 * @param namespaces sorted by name
 */
public record RegistryState(long revision, List<Namespace> namespaces) implements JournalSerializable {

  public static final RegistryState EMPTY = new RegistryState(0, List.of());

  public RegistryState {
    namespaces = List.copyOf(namespaces);
  }

  public Optional<Namespace> find(String name) {
    return namespaces.stream().filter(namespace -> namespace.name().equals(name)).findFirst();
  }

  public NamespaceTable table() {
    return NamespaceTable.of(revision, namespaces);
  }

  public ArrayList<String> names() {
    return new ArrayList<>(namespaces.stream().map(Namespace::name).toList());
  }

  RegistryState apply(RegistryEvent event) {
    List<Namespace> updated = new ArrayList<>(namespaces);
    if (event instanceof RegistryEvent.NamespaceCreated created) {
      updated.add(created.namespace());
    } else if (event instanceof RegistryEvent.NamespaceChanged changed) {
      updated.replaceAll(old -> old.name().equals(changed.namespace().name()) ? changed.namespace() : old);
    } else if (event instanceof RegistryEvent.NamespaceRemoved removed) {
      updated.removeIf(old -> old.name().equals(removed.name()) && old.generation() == removed.generation());
    }
    updated.sort(java.util.Comparator.comparing(Namespace::name));
    return new RegistryState(revision + 1, updated);
  }
}
