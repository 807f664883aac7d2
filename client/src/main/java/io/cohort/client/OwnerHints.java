package io.cohort.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the routing headers of {@code /v1/kv} responses ({@code Cohort-Partition}, {@code Cohort-Owner},
 * {@code Cohort-Routing-Epoch}), counts hops and updates the routing cache from them.
 */
final class OwnerHints {
  static final String PARTITION_HEADER = "Cohort-Partition";
  static final String OWNER_HEADER = "Cohort-Owner";
  static final String EPOCH_HEADER = "Cohort-Routing-Epoch";

  private final boolean routingEnabled;
  private final RoutingCache routing;
  private final RoutingRefresher refresher;
  private final ClientCounters counters;

  OwnerHints(boolean routingEnabled, RoutingCache routing, RoutingRefresher refresher, ClientCounters counters) {
    this.routingEnabled = routingEnabled;
    this.routing = routing;
    this.refresher = refresher;
    this.counters = counters;
  }

  /**
   * Processes the routing headers of a response from {@code sentTo}. A final response (not a redirect) whose owner
   * differs from {@code sentTo} counts as a hop. With routing enabled, an owner hint is applied to the cache, and a
   * response with an epoch newer than the cache's but no owner requests a full refresh.
   */
  void observe(URI sentTo, HttpResponse<?> response, boolean finalResponse) {
    HttpHeaders headers = response.headers();
    Optional<URI> owner = Endpoints.parse(headers.firstValue(OWNER_HEADER).orElse(null));
    if (finalResponse && owner.isPresent() && !owner.get().equals(sentTo)) {
      counters.hops.increment();
    }
    if (!routingEnabled) {
      return;
    }
    OptionalLong epoch = parseLong(headers, EPOCH_HEADER);
    OptionalInt partition = parseInt(headers, PARTITION_HEADER);
    if (owner.isPresent() && epoch.isPresent() && partition.isPresent()) {
      if (routing.applyHint(partition.getAsInt(), owner.get(), epoch.getAsLong())) {
        counters.ownerHintsApplied.increment();
      }
    } else if (owner.isEmpty() && epoch.isPresent() && epoch.getAsLong() > routing.epoch()) {
      refresher.requestRefresh();
    }
  }

  private static OptionalLong parseLong(HttpHeaders headers, String name) {
    Optional<String> value = headers.firstValue(name);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.get().trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalInt parseInt(HttpHeaders headers, String name) {
    OptionalLong value = parseLong(headers, name);
    if (value.isEmpty() || value.getAsLong() < 0 || value.getAsLong() > Integer.MAX_VALUE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) value.getAsLong());
  }
}
