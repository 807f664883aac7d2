package io.cohort.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Nodes that recently rejected a connection, each skipped until its avoidance time has passed. */
final class NodeHealth {
  private final long avoidanceNanos;
  private final LongSupplier nanoClock;
  private final Map<URI, Long> avoidedUntilNanos = new ConcurrentHashMap<>();

  NodeHealth(Duration avoidance, LongSupplier nanoClock) {
    this.avoidanceNanos = avoidance.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Records that a connection to {@code endpoint} failed, so it is avoided for the configured time. Returns true
   * if the node was not avoided before, which lets callers log once per avoidance period.
   */
  boolean markUnreachable(URI endpoint) {
    boolean wasAvoided = isAvoided(endpoint);
    avoidedUntilNanos.put(endpoint, nanoClock.getAsLong() + avoidanceNanos);
    return !wasAvoided;
  }

  /** Returns whether {@code endpoint} failed a connection within the avoidance time. */
  boolean isAvoided(URI endpoint) {
    Long until = avoidedUntilNanos.get(endpoint);
    if (until == null) {
      return false;
    }
    if (until - nanoClock.getAsLong() > 0) {
      return true;
    }
    avoidedUntilNanos.remove(endpoint, until);
    return false;
  }
}
