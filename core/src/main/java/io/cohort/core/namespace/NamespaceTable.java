package io.cohort.core.namespace;

import io.cohort.core.serialization.ClusterMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every namespace in the registry at one revision, as the registry publishes it to the nodes. The list is
 * an {@link ArrayList} because that is the list class cluster messages may carry.
 *
 * @param revision grows by one with every change, so a node keeps the newest table it has seen
 * @param namespaces sorted by name; the built-in {@code default} namespace is not among them
 */
public record NamespaceTable(long revision, ArrayList<Namespace> namespaces) implements ClusterMessage {

  public static final NamespaceTable EMPTY = new NamespaceTable(0, new ArrayList<>());

  public static NamespaceTable of(long revision, java.util.Collection<Namespace> namespaces) {
    ArrayList<Namespace> sorted = new ArrayList<>(namespaces);
    sorted.sort(Comparator.comparing(Namespace::name));
    return new NamespaceTable(revision, sorted);
  }

  public Optional<Namespace> find(String name) {
    return namespaces.stream().filter(namespace -> namespace.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return namespaces.stream().map(Namespace::name).toList();
  }
}
