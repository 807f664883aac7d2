package io.cohort.core.sharding;

import io.cohort.core.partition.PartitionCommand;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * Addresses a partition by its number (entity id = partition number) and puts it in the shard of its
 * placement group, so Cluster Sharding places, moves and rebalances the partitions of a group together.
 */
final class PartitionMessageExtractor
    extends ShardingMessageExtractor<ShardingEnvelope<PartitionCommand>, PartitionCommand> {

  private final PlacementGroups groups;

  PartitionMessageExtractor(PlacementGroups groups) {
    this.groups = groups;
  }

  @Override
  public String entityId(ShardingEnvelope<PartitionCommand> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return groups.shardOf(Integer.parseInt(entityId));
  }

  @Override
  public PartitionCommand unwrapMessage(ShardingEnvelope<PartitionCommand> envelope) {
    return envelope.message();
  }
}
