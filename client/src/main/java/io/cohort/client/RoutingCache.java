package io.cohort.client;

import io.cohort.partitioning.Partitioner;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The client's view of partition placement: the owner of each partition with the epoch at which it was learned,
 * and the known nodes. Reads are lock-free. Updates come from full routing tables ({@link #install}) and from
 * owner hints in response headers ({@link #applyHint}).
 */
final class RoutingCache {
  /** Owner of one partition as learned at {@code epoch}. */
  record PartitionOwner(URI endpoint, long epoch) {}

  /** Immutable apart from the owner entries, which hints replace one at a time. */
  private record Snapshot(
      long epoch, Partitioner partitioner, List<URI> knownNodes, AtomicReferenceArray<PartitionOwner> owners) {}

  private final List<URI> seeds;
  private volatile Snapshot snapshot;

  RoutingCache(List<URI> seeds) {
    this.seeds = List.copyOf(seeds);
  }

  /** Returns whether a routing table has been installed. */
  boolean isLoaded() {
    return snapshot != null;
  }

  /** Returns the newest table epoch installed, or {@link Long#MIN_VALUE} before the first table. */
  long epoch() {
    Snapshot current = snapshot;
    return current == null ? Long.MIN_VALUE : current.epoch();
  }

  /** Returns the nodes with status Up in the last table followed by the seeds, without duplicates. */
  List<URI> knownNodes() {
    Snapshot current = snapshot;
    return current == null ? seeds : current.knownNodes();
  }

  /** Returns the cached owner of {@code key}'s partition, or empty before the first table or if it is unplaced. */
  Optional<URI> ownerOf(String key) {
    Snapshot current = snapshot;
    if (current == null) {
      return Optional.empty();
    }
    PartitionOwner owner = current.owners().get(current.partitioner().partitionOf(key));
    return owner == null ? Optional.empty() : Optional.of(owner.endpoint());
  }

  /** Returns the cached owner entry of {@code partition}, or null if none is known. */
  PartitionOwner ownerOf(int partition) {
    Snapshot current = snapshot;
    if (current == null || partition < 0 || partition >= current.owners().length()) {
      return null;
    }
    return current.owners().get(partition);
  }

  /**
   * Installs a fetched table. For each partition the entry with the higher epoch wins, so a hint newer than the
   * table survives. If the partition count changed, the old entries are dropped.
   */
  synchronized void install(RoutingTable table) {
    Snapshot old = snapshot;
    boolean merge = old != null && old.partitioner().partitionCount() == table.partitionCount();
    AtomicReferenceArray<PartitionOwner> owners = new AtomicReferenceArray<>(table.partitionCount());
    for (int partition = 0; partition < table.partitionCount(); partition++) {
      URI fetched = table.owners().get(partition);
      PartitionOwner cached = merge ? old.owners().get(partition) : null;
      if (cached != null && cached.epoch() > table.epoch()) {
        owners.set(partition, cached);
      } else if (fetched != null) {
        owners.set(partition, new PartitionOwner(fetched, table.epoch()));
      }
    }
    long epoch = merge ? Math.max(old.epoch(), table.epoch()) : table.epoch();
    Set<URI> known = new LinkedHashSet<>(table.upNodes());
    known.addAll(seeds);
    snapshot = new Snapshot(epoch, new Partitioner(table.partitionCount()), List.copyOf(known), owners);
  }

  /**
   * Applies an owner hint from response headers if its epoch is at least the epoch of the cached entry.
   * Returns true only if the hint changed the partition's owner. A hint that is older, changes only the epoch,
   * names an unknown partition or arrives before the first table returns false.
   */
  synchronized boolean applyHint(int partition, URI owner, long epoch) {
    Snapshot current = snapshot;
    if (current == null || partition < 0 || partition >= current.owners().length()) {
      return false;
    }
    PartitionOwner cached = current.owners().get(partition);
    if (cached != null && epoch < cached.epoch()) {
      return false;
    }
    current.owners().set(partition, new PartitionOwner(owner, epoch));
    return cached == null || !cached.endpoint().equals(owner);
  }
}
