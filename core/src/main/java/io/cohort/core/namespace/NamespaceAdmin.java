package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.sharding.KeyValueService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The administration API over the namespace registry: create, change and delete namespaces. Requests go to
 * the registry singleton wherever it runs; the node's {@link NamespaceDirectory} learns the result from the
 * registry's next published table, and is refreshed here right after a change so this node applies it at once.
 */
public final class NamespaceAdmin {
  private final ActorSystem<?> system;
  private final NamespaceDirectory directory;
  private final KeyValueService keyValue;
  private final Duration timeout;
  /** Bound on creating a namespace's keyspaces and tables, which waits for schema agreement per statement. */
  static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(90);

  /** The outcome of a delete that the registry did not decide: the namespace still contains keys. */
  public record NotEmpty(Namespace namespace, long keys) {}

  public NamespaceAdmin(ActorSystem<?> system, NamespaceDirectory directory, KeyValueService keyValue,
      Duration timeout) {
    this.system = system;
    this.directory = directory;
    this.keyValue = keyValue;
    this.timeout = timeout;
  }

  public NamespaceDirectory directory() {
    return directory;
  }

  /**
   * Creates the namespace's journal keyspaces and tables when missing, then the namespace in the registry.
   * Completes with {@link RegistryReply.Rejected} when the journal cannot serve its settings.
   * Fails when either step fails, such as when Cassandra times out.
   */
  public CompletionStage<RegistryReply> create(NamespaceSpec spec) {
    java.util.List<io.cohort.config.namespace.FieldError> unservable = keyValue.checkStorage(spec);
    if (!unservable.isEmpty()) {
      return CompletableFuture.completedFuture(new RegistryReply.Rejected(spec.name(), new ArrayList<>(unservable)));
    }
    return keyValue.prepareStorage(spec).toCompletableFuture()
        .orTimeout(SCHEMA_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenCompose(prepared -> askRegistry(replyTo -> new RegistryCommand.Create(spec, replyTo)));
  }

  public CompletionStage<RegistryReply> change(String name, NamespaceRequest change) {
    return askRegistry(replyTo -> new RegistryCommand.Change(name, change, replyTo));
  }

  /**
   * Deletes {@code namespace}. Without {@code force}, completes with {@link NotEmpty} when any partition contains
   * keys, or with the first partition's rejection of the count. A namespace whose role no live node has completes
   * with {@link PartitionReply.NoHostForRole}. With {@code force}, first empties every partition (each persists one event that removes all its keys), then
   * removes the namespace from the registry. When a partition rejects the purge, such as with
   * {@link PartitionReply.ReplicasUnavailable}, completes with that reply and the namespace stays.
   *
   * <p>NOTE: a write that arrives between the key count and the removal is removed with the namespace.
   */
  public CompletionStage<Object> delete(Namespace namespace, boolean force) {
    Optional<String> role = keyValue.missingRole(namespace);
    if (role.isPresent()) {
      return CompletableFuture.completedFuture(new PartitionReply.NoHostForRole(namespace.name(), role.get()));
    }
    if (force) {
      return purge(namespace).thenCompose(replies -> firstNot(PartitionReply.Purged.class, replies)
          .<CompletionStage<Object>>map(rejection -> CompletableFuture.completedFuture(rejection))
          .orElseGet(() -> remove(namespace)));
    }
    return eachPartition(namespace, PartitionCommand.CountKeys::new).thenCompose(replies -> {
      Optional<PartitionReply> rejection = firstNot(PartitionReply.KeyCount.class, replies);
      if (rejection.isPresent()) {
        return CompletableFuture.completedFuture(rejection.get());
      }
      long keys = replies.stream().mapToLong(reply -> ((PartitionReply.KeyCount) reply).keys()).sum();
      return keys > 0 ? CompletableFuture.completedFuture(new NotEmpty(namespace, keys)) : remove(namespace);
    });
  }

  private static Optional<PartitionReply> firstNot(Class<? extends PartitionReply> expected,
      List<PartitionReply> replies) {
    return replies.stream().filter(reply -> !expected.isInstance(reply)).findFirst();
  }

  private CompletionStage<Object> remove(Namespace namespace) {
    return askRegistry(replyTo -> new RegistryCommand.Remove(namespace.name(), namespace.generation(), replyTo))
        .thenApply(reply -> (Object) reply);
  }

  /** Returns the nodes that run partitions of {@code namespace}; see {@link KeyValueService#placement}. */
  public CompletionStage<java.util.Map<String, List<Integer>>> placement(Namespace namespace) {
    return keyValue.placement(namespace);
  }

  private CompletionStage<List<PartitionReply>> purge(Namespace namespace) {
    return eachPartition(namespace, PartitionCommand.Purge::new);
  }

  private CompletionStage<List<PartitionReply>> eachPartition(Namespace namespace,
      org.apache.pekko.japi.function.Function<ActorRef<PartitionReply>, PartitionCommand> command) {
    List<CompletableFuture<PartitionReply>> replies = new ArrayList<>();
    for (int partition = 0; partition < namespace.spec().partitions(); partition++) {
      replies.add(keyValue.askPartition(namespace, partition, command).toCompletableFuture());
    }
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
        .thenApply(done -> replies.stream().map(CompletableFuture::join).toList());
  }

  private CompletionStage<RegistryReply> askRegistry(
      org.apache.pekko.japi.function.Function<ActorRef<RegistryReply>, RegistryCommand> command) {
    return AskPattern.ask(directory.registry(), command::apply, timeout, system.scheduler())
        .thenCompose(reply -> directory.refresh().handle((table, failure) -> reply));
  }
}
