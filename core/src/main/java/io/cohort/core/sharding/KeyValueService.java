package io.cohort.core.sharding;

import io.cohort.config.PartitionSettings;
import io.cohort.core.concurrent.Futures;
import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionEntity;
import io.cohort.core.partition.PartitionReply;
import io.cohort.partitioning.Partitioner;
import io.cohort.core.partition.Precondition;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Entry point to the key-value data on this node: starts the sharded partition entities and sends each
 * request to the partition that owns the key, wherever it runs. Replies complete exceptionally with a
 * {@link java.util.concurrent.TimeoutException} when the partition does not reply within {@code timeout}.
 */
public final class KeyValueService {
  private final ClusterSharding sharding;
  private final Partitioner partitioner;
  private final Duration timeout;

  private KeyValueService(ClusterSharding sharding, Partitioner partitioner, Duration timeout) {
    this.sharding = sharding;
    this.partitioner = partitioner;
    this.timeout = timeout;
  }

  /**
   * Starts the partition shard region on this node and returns the service that talks to it. On a node
   * without the partitions' role the region only routes: it sends every request to the node hosting the
   * partition and hosts none.
   */
  public static KeyValueService start(ActorSystem<?> system, PartitionSettings settings, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Entity<PartitionCommand, ShardingEnvelope<PartitionCommand>> entity = Entity.of(PartitionEntity.TYPE_KEY,
            context -> PartitionEntity.create(Integer.parseInt(context.getEntityId()), settings))
        .withMessageExtractor(new PartitionMessageExtractor());
    sharding.init(settings.roleRequired() ? entity.withRole(settings.role()) : entity);
    return new KeyValueService(sharding, new Partitioner(settings.count()), timeout);
  }

  public Partitioner partitioner() {
    return partitioner;
  }

  public CompletionStage<PartitionReply> get(String key) {
    return ask(key, replyTo -> new PartitionCommand.Get(key, replyTo));
  }

  public CompletionStage<PartitionReply> put(String key, byte[] value, Precondition precondition) {
    return ask(key, replyTo -> new PartitionCommand.Put(key, value, precondition, replyTo));
  }

  public CompletionStage<PartitionReply> delete(String key, Precondition precondition) {
    return ask(key, replyTo -> new PartitionCommand.Delete(key, precondition, replyTo));
  }

  private CompletionStage<PartitionReply> ask(
      String key,
      org.apache.pekko.japi.function.Function<org.apache.pekko.actor.typed.ActorRef<PartitionReply>, PartitionCommand>
          command) {
    String entityId = Integer.toString(partitioner.partitionOf(key));
    return Futures.direct(sharding.entityRefFor(PartitionEntity.TYPE_KEY, entityId).ask(command, timeout));
  }
}
