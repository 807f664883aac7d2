package io.cohort.core.routing;

import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;

/**
 * Where partitions run, as one node sees it: the node hosting each placed partition and the HTTP endpoint of
 * each node that announced one. Partitions that have not started anywhere yet are absent.
 *
 * <p>{@code epoch} grows whenever this node observes a placement change: it is the wall-clock millisecond of that
 * observation, or the previous epoch plus one when the clock has not moved past it, so epochs from different
 * nodes compare roughly by age.
 */
public record RoutingView(long epoch, Map<Integer, Address> owners, Map<Address, String> endpoints) {
  public static final RoutingView EMPTY = new RoutingView(0, Map.of(), Map.of());

  public RoutingView {
    owners = Map.copyOf(owners);
    endpoints = Map.copyOf(endpoints);
  }

  /** Returns the HTTP endpoint of the node hosting {@code partition}, when both are known. */
  public Optional<String> ownerEndpoint(int partition) {
    Address owner = owners.get(partition);
    return owner == null ? Optional.empty() : Optional.ofNullable(endpoints.get(owner));
  }

  RoutingView withOwners(Map<Integer, Address> newOwners, long nowMillis) {
    if (newOwners.equals(owners)) {
      return this;
    }
    return new RoutingView(Math.max(epoch + 1, nowMillis), newOwners, endpoints);
  }

  RoutingView withEndpoints(Map<Address, String> newEndpoints) {
    return newEndpoints.equals(endpoints) ? this : new RoutingView(epoch, owners, newEndpoints);
  }
}
