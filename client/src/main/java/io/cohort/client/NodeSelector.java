package io.cohort.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the node for each attempt: the partition's owner when it is known and usable, otherwise the next known
 * node round-robin. Nodes that this operation already failed to reach and nodes that recently rejected a
 * connection are skipped, unless no other node is left.
 */
final class NodeSelector {
  private final RoutingCache routing;
  private final NodeHealth health;
  private final AtomicInteger nextIndex = new AtomicInteger();

  NodeSelector(RoutingCache routing, NodeHealth health) {
    this.routing = routing;
    this.health = health;
  }

  /**
   * Chooses the endpoint for one attempt.
   *
   * @param owner the cached owner of the key's partition, empty if unknown or routing is disabled
   * @param excluded nodes this operation already tried and failed to reach or got no response from
   */
  URI choose(Optional<URI> owner, Set<URI> excluded) {
    List<URI> usable = new ArrayList<>();
    for (URI node : routing.knownNodes()) {
      if (!excluded.contains(node) && !health.isAvoided(node)) {
        usable.add(node);
      }
    }
    if (owner.isPresent() && !excluded.contains(owner.get())
        && (!health.isAvoided(owner.get()) || usable.isEmpty())) {
      return owner.get();
    }
    if (usable.isEmpty()) {
      usable = fallbackCandidates(excluded);
    }
    return usable.get(Math.floorMod(nextIndex.getAndIncrement(), usable.size()));
  }

  /** Returns the known nodes not yet tried, or all known nodes if every one was tried. */
  private List<URI> fallbackCandidates(Set<URI> excluded) {
    List<URI> known = routing.knownNodes();
    List<URI> notTried = new ArrayList<>();
    for (URI node : known) {
      if (!excluded.contains(node)) {
        notTried.add(node);
      }
    }
    return notTried.isEmpty() ? known : notTried;
  }

  /** Returns the known nodes starting at the next round-robin position, usable nodes before avoided ones. */
  List<URI> fetchOrder() {
    List<URI> known = routing.knownNodes();
    int start = Math.floorMod(nextIndex.getAndIncrement(), known.size());
    List<URI> usable = new ArrayList<>();
    List<URI> avoided = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      URI node = known.get((start + i) % known.size());
      (health.isAvoided(node) ? avoided : usable).add(node);
    }
    usable.addAll(avoided);
    return usable;
  }
}
