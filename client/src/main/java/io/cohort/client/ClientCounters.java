package io.cohort.client;

import java.util.concurrent.atomic.LongAdder;

/** Live counters of one client. {@link #snapshot()} copies them into a {@link ClientStats}. */
final class ClientCounters {
  final LongAdder requests = new LongAdder();
  final LongAdder hops = new LongAdder();
  final LongAdder redirects = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder routingFetches = new LongAdder();
  final LongAdder ownerHintsApplied = new LongAdder();

  ClientStats snapshot() {
    return new ClientStats(requests.sum(), hops.sum(), redirects.sum(), retries.sum(), routingFetches.sum(),
        ownerHintsApplied.sum());
  }
}
