package io.cohort.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Loads routing tables into the {@link RoutingCache}. One fetch operation sends {@code GET /v1/routing} to the
 * known nodes one after another until one returns a valid table, so it sends at most one request per known node.
 * Fetch operations go through a {@link RefreshGate}, which coalesces them and limits how many start per second.
 */
final class RoutingRefresher {
  private static final System.Logger LOG = System.getLogger(RoutingRefresher.class.getName());

  private final HttpClient http;
  private final ObjectMapper mapper;
  private final RoutingCache routing;
  private final NodeSelector nodes;
  private final NodeHealth health;
  private final ClientCounters counters;
  private final Duration requestTimeout;
  private final RefreshGate gate;
  private final AtomicReference<CompletableFuture<Void>> initialLoad = new AtomicReference<>();

  RoutingRefresher(HttpClient http, ObjectMapper mapper, RoutingCache routing, NodeSelector nodes,
      NodeHealth health, ClientCounters counters, CohortClientConfig config, LongSupplier nanoClock,
      Executor executor) {
    this.http = http;
    this.mapper = mapper;
    this.routing = routing;
    this.nodes = nodes;
    this.health = health;
    this.counters = counters;
    this.requestTimeout = config.requestTimeout();
    this.gate = new RefreshGate(this::fetchAndInstall, config.maxRoutingFetchesPerSecond(), nanoClock, executor);
  }

  /**
   * Starts the first routing fetch on the first call and returns a future that never fails. It completes when the
   * first table is installed, when that fetch fails, or after the request timeout, whichever comes first. Once the
   * first fetch has failed, each call requests another fetch and returns at once, so requests go to the seeds
   * until a table arrives.
   */
  CompletableFuture<Void> awaitInitialLoad() {
    if (routing.isLoaded()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> first = initialLoad.get();
    if (first == null) {
      CompletableFuture<Void> created = new CompletableFuture<>();
      if (initialLoad.compareAndSet(null, created)) {
        gate.request().whenComplete((ignored, error) -> created.complete(null));
      }
      first = initialLoad.get();
    }
    if (first.isDone()) {
      requestRefresh();
      return CompletableFuture.completedFuture(null);
    }
    return first.copy().completeOnTimeout(null, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Requests a full refresh without waiting for it. See {@link RefreshGate} for coalescing and rate limits. */
  void requestRefresh() {
    gate.request();
  }

  /** Stops scheduling fetches. */
  void close() {
    gate.close();
  }

  private CompletableFuture<Void> fetchAndInstall() {
    return fetchFrom(nodes.fetchOrder(), 0, null).thenAccept(routing::install).whenComplete((ignored, error) -> {
      if (error != null) {
        LOG.log(Level.WARNING, "routing table fetch failed; requests use the cached routes or the seeds",
            Failures.unwrap(error));
      }
    });
  }

  private CompletableFuture<RoutingTable> fetchFrom(List<URI> candidates, int index, Throwable lastError) {
    if (index >= candidates.size()) {
      return CompletableFuture.failedFuture(
          new IOException("GET /v1/routing failed on every known node " + candidates, lastError));
    }
    URI node = candidates.get(index);
    HttpRequest request = HttpRequest.newBuilder(URI.create(node + "/v1/routing"))
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .GET()
        .build();
    counters.routingFetches.increment();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, error) -> {
          try {
            return CompletableFuture.completedFuture(tableFrom(node, response, error));
          } catch (IOException | RuntimeException e) {
            return fetchFrom(candidates, index + 1, e);
          }
        })
        .thenCompose(next -> next);
  }

  private RoutingTable tableFrom(URI node, HttpResponse<byte[]> response, Throwable error) throws IOException {
    if (error != null) {
      Throwable cause = Failures.unwrap(error);
      if (Failures.isConnectFailure(cause)) {
        health.markUnreachable(node);
      }
      throw new IOException("GET " + node + "/v1/routing failed: " + cause, cause);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + node + "/v1/routing returned status " + response.statusCode());
    }
    return RoutingTable.parse(mapper, response.body());
  }
}
