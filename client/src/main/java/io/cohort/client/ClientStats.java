package io.cohort.client;

/**
 * Snapshot of a client's counters since it was created.
 *
 * @param requests HTTP requests sent to {@code /v1/kv}, counting every retry and every followed redirect
 * @param hops responses whose {@code Cohort-Owner} differs from the node the request was sent to, so the cluster
 *     forwarded the request one extra hop
 * @param redirects {@code 307} redirects followed in redirect mode
 * @param retries attempts repeated after a failure
 * @param routingFetches HTTP requests sent to {@code /v1/routing}
 * @param ownerHintsApplied response headers that changed the cached owner of a partition
 */
public record ClientStats(
    long requests, long hops, long redirects, long retries, long routingFetches, long ownerHintsApplied) {}
