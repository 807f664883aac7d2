package io.cohort.core.sharding;

import java.util.ArrayList;
import java.util.List;

/**
 * The placement groups of a namespace's partitions: partition {@code p} belongs to group
 * {@code p mod groups}, and each group is one Cluster Sharding shard, which the shard coordinator places,
 * moves and hands off as a unit. The coordinator records every move of a shard one at a time. Fewer groups
 * therefore make a node's leave faster, and more groups spread the partitions over more nodes.
 *
 * @param partitions the namespace's partition count
 * @param groups the number of groups, at most {@code partitions}
 */
public record PlacementGroups(int partitions, int groups) {

  public PlacementGroups {
    if (partitions < 1 || groups < 1 || groups > partitions) {
      throw new IllegalArgumentException("placement groups " + groups + " for " + partitions
          + " partitions; need 1 to " + partitions);
    }
  }

  /** Returns the groups of a namespace with {@code partitions} partitions when at most {@code maxGroups}. */
  public static PlacementGroups of(int partitions, int maxGroups) {
    return new PlacementGroups(partitions, Math.min(partitions, maxGroups));
  }

  /** Returns the shard id of {@code partition}'s group. */
  public String shardOf(int partition) {
    return Integer.toString(partition % groups);
  }

  /** Returns the partitions of the group whose shard id is {@code shardId}, in ascending order. */
  public List<Integer> partitionsOf(String shardId) {
    int group = Integer.parseInt(shardId);
    List<Integer> members = new ArrayList<>();
    for (int partition = group; partition < partitions; partition += groups) {
      members.add(partition);
    }
    return members;
  }
}
