package io.cohort.core.sharding;

import io.cohort.config.PartitionSettings;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.config.namespace.ReplicaConsistency;
import io.cohort.core.concurrent.Futures;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionEntity;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.PartitionStorage;
import io.cohort.core.partition.PluginWarmUp;
import io.cohort.core.partition.Precondition;
import io.cohort.partitioning.Partitioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.japi.function.Function;

/**
 * Entry point to the key-value data on this node: starts the sharded partitions of every namespace and sends
 * each request to the partition that owns the key, wherever it runs. Replies complete exceptionally with a
 * {@link java.util.concurrent.TimeoutException} when the partition does not reply within {@code timeout}.
 *
 * <p>Each namespace is an entity type of its own, hosted only by nodes with the namespace's role. The methods
 * without a namespace address the built-in {@code default} namespace.
 */
public final class KeyValueService {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final PartitionSettings settings;
  private final Duration timeout;
  private final NamespaceStorage storage;
  private final Namespace defaultNamespace;
  private final Map<String, Started> started = new ConcurrentHashMap<>();
  private final AtomicInteger warmUps = new AtomicInteger();

  private record Started(EntityTypeKey<PartitionCommand> typeKey, Partitioner partitioner,
      PlacementGroups groups, ActorRef<ShardingEnvelope<PartitionCommand>> region) {}

  private KeyValueService(ActorSystem<?> system, PartitionSettings settings, Duration timeout,
      NamespaceStorage storage, Namespace defaultNamespace) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.timeout = timeout;
    this.storage = storage;
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * Starts the built-in namespace's shard region on this node. On a node without the partitions' role the
   * region only routes: it sends every request to the node hosting the partition and hosts none.
   */
  public static KeyValueService start(ActorSystem<?> system, PartitionSettings settings, Duration timeout) {
    return start(system, settings, timeout, NamespaceStorage.defaultPlugins(),
        defaultNamespace(settings, 1, Long.MAX_VALUE));
  }

  /**
   * Starts the built-in namespace, which {@code defaultNamespace} describes; namespaces started later keep
   * their journals in the plugins {@code storage} chooses.
   */
  public static KeyValueService start(ActorSystem<?> system, PartitionSettings settings, Duration timeout,
      NamespaceStorage storage, Namespace defaultNamespace) {
    KeyValueService service = new KeyValueService(system, settings, timeout, storage, defaultNamespace);
    service.ensureStarted(defaultNamespace);
    return service;
  }

  /**
   * Describes the built-in namespace: {@code cohort.partitions} settings, the default journal plugin (QUORUM
   * writes and reads), level eventual with one journal replica and semi-sync with more.
   */
  public static Namespace defaultNamespace(PartitionSettings settings, int replicationFactor, long maxValueBytes) {
    ConsistencyLevel level = replicationFactor == 1 ? ConsistencyLevel.EVENTUAL : ConsistencyLevel.SEMI_SYNC;
    return new Namespace(new NamespaceSpec(NamespaceSpec.DEFAULT_NAME, settings.count(), level, replicationFactor,
        settings.role(), maxValueBytes, 0, ReplicaConsistency.QUORUM, ReplicaConsistency.QUORUM), 0);
  }

  public Namespace defaultNamespace() {
    return defaultNamespace;
  }

  /** Returns the settings of {@code spec} the journal cannot serve; see {@link NamespaceStorage#check}. */
  public List<io.cohort.config.namespace.FieldError> checkStorage(NamespaceSpec spec) {
    return storage.check(spec);
  }

  /** Prepares the journal of a namespace about to be created; see {@link NamespaceStorage#prepare}. */
  public CompletionStage<org.apache.pekko.Done> prepareStorage(NamespaceSpec spec) {
    return storage.prepare(spec);
  }

  /** Starts the shard region of {@code namespace} on this node, once; later calls do nothing. */
  public void ensureStarted(Namespace namespace) {
    started.computeIfAbsent(namespace.entityType(), type -> {
      EntityTypeKey<PartitionCommand> typeKey = namespace.isDefault()
          ? PartitionEntity.TYPE_KEY
          : EntityTypeKey.create(PartitionCommand.class, type);
      PartitionSettings partitionSettings = settingsOf(namespace.spec());
      PartitionStorage partitionStorage = storage.storageOf(namespace);
      PlacementGroups groups = PlacementGroups.of(namespace.spec().partitions(), settings.placementGroups());
      Entity<PartitionCommand, ShardingEnvelope<PartitionCommand>> entity = Entity.of(typeKey,
              context -> PartitionEntity.create(Integer.parseInt(context.getEntityId()), partitionSettings,
                  partitionStorage))
          .withMessageExtractor(new PartitionMessageExtractor(groups))
          .withStopMessage(new PartitionCommand.HandOff());
      String role = namespace.spec().role();
      ActorRef<ShardingEnvelope<PartitionCommand>> region = sharding.init(role.isEmpty() ? entity : entity.withRole(role));
      if (role.isEmpty() || Cluster.get(system).selfMember().hasRole(role)) {
        system.systemActorOf(PluginWarmUp.create(partitionStorage),
            "warm-up-" + type + "-" + warmUps.incrementAndGet(), Props.empty());
      }
      return new Started(typeKey, new Partitioner(namespace.spec().partitions()), groups, region);
    });
  }

  private PartitionSettings settingsOf(NamespaceSpec spec) {
    return new PartitionSettings(spec.partitions(), settings.snapshotEvery(), settings.keepSnapshots(),
        settings.maxBytes(), settings.leaseConfigPath(), spec.role(), settings.groupCommit(),
        settings.placementGroups());
  }

  /** Returns the key hash of the built-in namespace. */
  public Partitioner partitioner() {
    return partitionerOf(defaultNamespace);
  }

  public Partitioner partitionerOf(Namespace namespace) {
    ensureStarted(namespace);
    return started.get(namespace.entityType()).partitioner();
  }

  /** Returns how the built-in namespace's partitions are grouped for placement. */
  public PlacementGroups placementGroups() {
    ensureStarted(defaultNamespace);
    return started.get(defaultNamespace.entityType()).groups();
  }

  /**
   * Returns the namespace's role when no member that is up has it, so that none can host its partitions.
   * Returns empty when one can, when the namespace needs no role, or while this node is not Up.
   */
  public Optional<String> missingRole(Namespace namespace) {
    String role = namespace.spec().role();
    Cluster cluster = Cluster.get(system);
    // A node that is not Up yet may not know the other members; sharding buffers the request until
    // the coordinator replies, as it did before roles were checked.
    if (role.isEmpty() || cluster.selfMember().status() != MemberStatus.up()) {
      return Optional.empty();
    }
    boolean hosted = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .anyMatch(member -> member.status() == MemberStatus.up() && member.hasRole(role));
    return hosted ? Optional.empty() : Optional.of(role);
  }

  public CompletionStage<PartitionReply> get(String key) {
    return get(defaultNamespace, key);
  }

  public CompletionStage<PartitionReply> put(String key, byte[] value, Precondition precondition) {
    return put(defaultNamespace, key, value, precondition);
  }

  public CompletionStage<PartitionReply> delete(String key, Precondition precondition) {
    return delete(defaultNamespace, key, precondition);
  }

  public CompletionStage<PartitionReply> get(Namespace namespace, String key) {
    return ask(namespace, key, replyTo -> new PartitionCommand.Get(key, replyTo));
  }

  public CompletionStage<PartitionReply> put(Namespace namespace, String key, byte[] value, Precondition precondition) {
    long ttlSeconds = namespace.spec().defaultTtlSeconds();
    return ask(namespace, key, replyTo -> new PartitionCommand.Put(key, value, precondition, ttlSeconds, replyTo));
  }

  public CompletionStage<PartitionReply> delete(Namespace namespace, String key, Precondition precondition) {
    return ask(namespace, key, replyTo -> new PartitionCommand.Delete(key, precondition, replyTo));
  }

  /**
   * Asks every node's shard region of {@code namespace} which placement groups it hosts. Completes with the
   * node addresses (such as {@code pekko://cohort@127.0.0.1:2551}) mapped to the sorted numbers of the
   * partitions in those groups, which run there once used; nodes that host none are left out.
   */
  public CompletionStage<Map<String, List<Integer>>> placement(Namespace namespace) {
    ensureStarted(namespace);
    // Asked of this node's region directly: on a node without the namespace's role it is a proxy, which
    // the typed sharding query does not find, but which forwards the question to the coordinator.
    org.apache.pekko.actor.ActorRef classicRegion = Adapter.toClassic(started.get(namespace.entityType()).region());
    CompletionStage<Object> stats = Patterns.ask(classicRegion,
        new org.apache.pekko.cluster.sharding.ShardRegion.GetClusterShardingStats(
            scala.concurrent.duration.FiniteDuration.fromNanos(timeout.toNanos())),
        timeout.plus(timeout));
    PlacementGroups groups = started.get(namespace.entityType()).groups();
    return stats.thenApply(reply -> (ClusterShardingStats) reply).thenApply(received -> {
      Map<String, List<Integer>> placement = new TreeMap<>();
      received.getRegions().forEach((address, regionStats) -> {
        List<Integer> partitions = regionStats.getStats().keySet().stream()
            .flatMap(shard -> groups.partitionsOf(shard).stream()).sorted().toList();
        if (!partitions.isEmpty()) {
          placement.put(address.toString(), partitions);
        }
      });
      return placement;
    });
  }

  /** Sends {@code command} to one partition of {@code namespace}, by number. */
  public CompletionStage<PartitionReply> askPartition(Namespace namespace, int partition,
      Function<ActorRef<PartitionReply>, PartitionCommand> command) {
    ensureStarted(namespace);
    EntityTypeKey<PartitionCommand> typeKey = started.get(namespace.entityType()).typeKey();
    return Futures.direct(sharding.entityRefFor(typeKey, Integer.toString(partition)).ask(command, timeout));
  }

  private CompletionStage<PartitionReply> ask(Namespace namespace, String key,
      Function<ActorRef<PartitionReply>, PartitionCommand> command) {
    Optional<String> role = missingRole(namespace);
    if (role.isPresent()) {
      return CompletableFuture.completedFuture(new PartitionReply.NoHostForRole(namespace.name(), role.get()));
    }
    return askPartition(namespace, partitionerOf(namespace).partitionOf(key), command);
  }
}
