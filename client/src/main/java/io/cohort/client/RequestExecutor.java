package io.cohort.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one key operation: chooses a node, sends the request, follows redirects in redirect mode and retries
 * according to the rules in {@link CohortClient}'s class comment. Attempts of one operation run one after another.
 * Requests to a namespace other than the built-in one use no owner routing, owner hints or redirect mode, because
 * the server sends no owner hints for them and does not redirect them.
 */
final class RequestExecutor {
  private static final System.Logger LOG = System.getLogger(RequestExecutor.class.getName());
  /** Redirects followed in a row before the operation fails. */
  static final int MAX_REDIRECTS = 2;

  private final HttpClient http;
  private final CohortClientConfig config;
  private final RoutingCache routing;
  private final RoutingRefresher refresher;
  private final NodeSelector selector;
  private final NodeHealth health;
  private final OwnerHints hints;
  private final ClientCounters counters;
  private final Backoff backoff;
  private final Executor executor;

  RequestExecutor(HttpClient http, CohortClientConfig config, RoutingCache routing, RoutingRefresher refresher,
      NodeSelector selector, NodeHealth health, OwnerHints hints, ClientCounters counters, Executor executor) {
    this.http = http;
    this.config = config;
    this.routing = routing;
    this.refresher = refresher;
    this.selector = selector;
    this.health = health;
    this.hints = hints;
    this.counters = counters;
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax());
    this.executor = executor;
  }

  /** Per-operation state. Attempts run one after another, so it needs no locking. */
  private static final class Call<T> {
    final KeyRequest request;
    final ResponseDecoder<T> decoder;
    final Set<URI> excluded = new HashSet<>();
    final List<URI> unreachable = new ArrayList<>();

    Call(KeyRequest request, ResponseDecoder<T> decoder) {
      this.request = request;
      this.decoder = decoder;
    }

    String describe() {
      return request.describe();
    }
  }

  /** Result of one attempt after redirects: the endpoint of the last request and its response or failure. */
  private record Outcome(URI endpoint, HttpResponse<byte[]> response, Throwable failure) {}

  /** Runs {@code request}, waiting for the first routing table if it is still loading. */
  <T> CompletableFuture<T> execute(KeyRequest request, ResponseDecoder<T> decoder) {
    Call<T> call = new Call<>(request, decoder);
    return refresher.awaitInitialLoad().thenCompose(ignored -> attempt(call, 0));
  }

  private <T> CompletableFuture<T> attempt(Call<T> call, int attempt) {
    URI endpoint = selector.choose(cachedOwner(call.request), call.excluded);
    URI uri = KeyPaths.keyUri(endpoint, call.request.namespace(), call.request.key());
    return send(call.request, endpoint, uri, 0)
        .thenCompose(outcome -> finishAttempt(call, attempt, outcome));
  }

  /** Returns the cached owner of the request's key, or empty if the request does not use routing. */
  private Optional<URI> cachedOwner(KeyRequest request) {
    if (!config.routingEnabled() || !request.isDefaultNamespace()) {
      return Optional.empty();
    }
    return routing.ownerOf(request.key());
  }

  /** Returns whether the request sends {@code Cohort-Redirect: true} to get a {@code 307} instead of forwarding. */
  private boolean usesRedirects(KeyRequest request) {
    return config.redirectMode() && request.isDefaultNamespace();
  }

  private CompletableFuture<Outcome> send(KeyRequest request, URI endpoint, URI uri, int redirects) {
    counters.requests.increment();
    return http.sendAsync(buildRequest(request, uri), HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, error) -> error == null
            ? new Outcome(endpoint, response, null)
            : new Outcome(endpoint, null, Failures.unwrap(error)))
        .thenCompose(outcome -> followRedirect(request, outcome, redirects));
  }

  private HttpRequest buildRequest(KeyRequest request, URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Accept", "application/json");
    request.conditions().forEach(builder::header);
    if (usesRedirects(request)) {
      builder.header("Cohort-Redirect", "true");
    }
    switch (request.method()) {
      case "PUT" -> builder.header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(request.json()));
      case "DELETE" -> builder.DELETE();
      default -> builder.GET();
    }
    return builder.build();
  }

  /** Follows a {@code 307} in redirect mode, at most {@link #MAX_REDIRECTS} times in a row. */
  private CompletableFuture<Outcome> followRedirect(KeyRequest request, Outcome outcome, int redirects) {
    HttpResponse<byte[]> response = outcome.response();
    if (response == null || response.statusCode() != 307 || !usesRedirects(request)) {
      return CompletableFuture.completedFuture(outcome);
    }
    hints.observe(outcome.endpoint(), response, false);
    String location = response.headers().firstValue("Location").orElse("");
    Optional<URI> target = resolveLocation(response.uri(), location);
    String operation = request.describe();
    if (target.isEmpty()) {
      return failedOutcome(outcome, new CohortException(operation + " got a 307 from " + outcome.endpoint()
          + " with an invalid Location [" + location + "]", 307, null, null));
    }
    if (redirects >= MAX_REDIRECTS) {
      return failedOutcome(outcome, new CohortException(operation + " was redirected more than " + MAX_REDIRECTS
          + " times in a row; the last Location was " + target.get()
          + ", so the cluster's placement is probably changing; retry later", 307, null, null));
    }
    counters.redirects.increment();
    return send(request, Endpoints.originOf(target.get()), target.get(), redirects + 1);
  }

  private static CompletableFuture<Outcome> failedOutcome(Outcome outcome, CohortException error) {
    return CompletableFuture.completedFuture(new Outcome(outcome.endpoint(), null, error));
  }

  private static Optional<URI> resolveLocation(URI requestUri, String location) {
    try {
      URI target = requestUri.resolve(location.trim());
      return Endpoints.parse(Endpoints.originOf(target).toString()).map(origin -> target);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private <T> CompletableFuture<T> finishAttempt(Call<T> call, int attempt, Outcome outcome) {
    if (outcome.failure() != null) {
      return handleFailure(call, attempt, outcome.endpoint(), outcome.failure());
    }
    HttpResponse<byte[]> response = outcome.response();
    if (call.request.isDefaultNamespace()) {
      hints.observe(outcome.endpoint(), response, true);
    }
    if (response.statusCode() == 503 && call.request.isRead() && attempt < config.maxRetries()) {
      return retry(call, attempt, "status 503 from " + outcome.endpoint());
    }
    try {
      return CompletableFuture.completedFuture(call.decoder.decode(response));
    } catch (CohortException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletableFuture<T> handleFailure(Call<T> call, int attempt, URI endpoint, Throwable failure) {
    if (failure instanceof CohortException error) {
      return CompletableFuture.failedFuture(error);
    }
    boolean canRetry = attempt < config.maxRetries();
    if (Failures.isConnectFailure(failure)) {
      return handleConnectFailure(call, attempt, endpoint, failure);
    }
    if (Failures.isResponseTimeout(failure)) {
      call.excluded.add(endpoint);
      if (call.request.isRead() && canRetry) {
        return retry(call, attempt, "timeout on " + endpoint);
      }
      return CompletableFuture.failedFuture(new CohortTimeoutException(call.describe() + " on " + endpoint
          + " timed out after " + config.requestTimeout() + writeWarning(call), failure));
    }
    if (failure instanceof IOException && call.request.isRead() && canRetry) {
      call.excluded.add(endpoint);
      return retry(call, attempt, failure + " on " + endpoint);
    }
    return CompletableFuture.failedFuture(new CohortException(
        call.describe() + " on " + endpoint + " failed: " + failure + writeWarning(call), 0, null, failure));
  }

  /** Avoids the node, requests a routing refresh and retries on another node while retries remain. */
  private <T> CompletableFuture<T> handleConnectFailure(Call<T> call, int attempt, URI endpoint, Throwable failure) {
    if (health.markUnreachable(endpoint)) {
      LOG.log(Level.WARNING, "cannot connect to " + endpoint + " (" + failure + "); avoiding it for "
          + config.unreachableNodeAvoidance());
    }
    call.excluded.add(endpoint);
    call.unreachable.add(endpoint);
    refresher.requestRefresh();
    if (attempt < config.maxRetries()) {
      return retry(call, attempt, "cannot connect to " + endpoint);
    }
    return CompletableFuture.failedFuture(new NoNodeReachableException(call.describe() + " failed: cannot connect to "
        + call.unreachable + " after " + (attempt + 1) + " attempts; check that the seed endpoints "
        + config.seeds() + " are running", call.unreachable, failure));
  }

  private <T> CompletableFuture<T> retry(Call<T> call, int attempt, String reason) {
    counters.retries.increment();
    long delayNanos = backoff.delayNanos(attempt);
    LOG.log(Level.DEBUG, () -> call.describe() + ": retry " + (attempt + 1) + " of " + config.maxRetries()
        + " in " + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms after " + reason);
    Executor delayed = CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, executor);
    return CompletableFuture.runAsync(() -> { }, delayed).thenCompose(ignored -> attempt(call, attempt + 1));
  }

  private static String writeWarning(Call<?> call) {
    return call.request.isRead() ? "" : "; the write may or may not have been applied";
  }
}
