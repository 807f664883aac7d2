package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * This node's cached copy of the namespace registry, for the request path: lookups read memory only. The
 * {@link DirectoryUpdater} actor keeps it current from the registry's published tables and a periodic poll;
 * {@link #refresh()} queries the registry directly, for a name this node has not seen yet.
 */
public final class NamespaceDirectory {
  private final Namespace defaultNamespace;
  private final AtomicReference<NamespaceTable> table = new AtomicReference<>(NamespaceTable.EMPTY);
  private final ActorRef<RegistryCommand> registry;
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final Consumer<Namespace> onNew;

  /**
   * @param defaultNamespace the built-in namespace, always present
   * @param registry the registry singleton's proxy
   * @param onNew called once for each namespace this node learns of, before lookups return it
   */
  public NamespaceDirectory(ActorSystem<?> system, Namespace defaultNamespace, ActorRef<RegistryCommand> registry,
      Duration timeout, Consumer<Namespace> onNew) {
    this.system = system;
    this.defaultNamespace = defaultNamespace;
    this.registry = registry;
    this.timeout = timeout;
    this.onNew = onNew;
  }

  /** Returns the namespace named {@code name} as this node last saw it. */
  public Optional<Namespace> find(String name) {
    if (name.equals(NamespaceSpec.DEFAULT_NAME)) {
      return Optional.of(defaultNamespace);
    }
    return table.get().find(name);
  }

  /** Returns every namespace in this node's cache, the built-in one first. */
  public List<Namespace> all() {
    List<Namespace> all = new ArrayList<>();
    all.add(defaultNamespace);
    all.addAll(table.get().namespaces());
    return all;
  }

  public List<String> names() {
    return all().stream().map(Namespace::name).toList();
  }

  public long revision() {
    return table.get().revision();
  }

  public ActorRef<RegistryCommand> registry() {
    return registry;
  }

  /**
   * Asks the registry for its table now, applies it and completes with the cached table. Every call sends its
   * own query, so the result contains every change the registry acknowledged before the call. The query
   * only reads the registry's memory.
   */
  public CompletionStage<NamespaceTable> refresh() {
    return AskPattern.<RegistryCommand, NamespaceTable>ask(registry, RegistryCommand.GetTable::new, timeout,
            system.scheduler())
        .thenApply(fetched -> {
          offer(fetched);
          return table.get();
        });
  }

  /** Keeps {@code candidate} when it is newer than the cached table; starts namespaces new to this node. */
  void offer(NamespaceTable candidate) {
    NamespaceTable current = table.get();
    if (candidate.revision() <= current.revision()) {
      return;
    }
    java.util.Set<String> known = current.namespaces().stream().map(Namespace::entityType)
        .collect(java.util.stream.Collectors.toSet());
    for (Namespace namespace : candidate.namespaces()) {
      if (!known.contains(namespace.entityType())) {
        onNew.accept(namespace);
      }
    }
    table.accumulateAndGet(candidate, (old, fresh) -> fresh.revision() > old.revision() ? fresh : old);
  }
}
