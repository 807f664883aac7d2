package io.cohort.core.sharding;

import io.cohort.core.partition.PartitionCommand;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * Puts every partition in a shard of its own (shard id = entity id = partition number), so Cluster Sharding
 * places, moves and rebalances each partition on its own.
 */
final class PartitionMessageExtractor
    extends ShardingMessageExtractor<ShardingEnvelope<PartitionCommand>, PartitionCommand> {

  @Override
  public String entityId(ShardingEnvelope<PartitionCommand> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return entityId;
  }

  @Override
  public PartitionCommand unwrapMessage(ShardingEnvelope<PartitionCommand> envelope) {
    return envelope.message();
  }
}
