package io.cohort.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous client of a Cohort cluster over its HTTP API. It is thread-safe, so share one instance
 * per application and close it when done.
 *
 * <p><b>Routing.</b> On first use the client loads the routing table from a seed or known node, and operations
 * wait for that load, for at most the request timeout. Each request then goes to its partition's owner, or
 * round-robin over the known nodes when the owner is unknown, the load failed or routing is disabled. The
 * {@code Cohort-Owner} headers of responses update the cached owners. A failed connection and a response that
 * reports a newer routing epoch without an owner request a full refresh. Refreshes are coalesced and limited to
 * {@link CohortClientConfig#maxRoutingFetchesPerSecond()}. A node that rejected a connection is skipped for
 * {@link CohortClientConfig#unreachableNodeAvoidance()} unless no other node is left.
 *
 * <p><b>Retries.</b> An operation makes at most {@code 1 + maxRetries} attempts, with a random delay (full jitter)
 * before each retry. Reads ({@code get}) are retried after a {@code 503}, a timeout, a failed connection or another
 * I/O error. Writes ({@code put*}, {@code delete*}, conditional or not) are retried only when no connection to the
 * node could be established (connection refused or connect timeout), because only then did the request never
 * reach a node. After a {@code 503}, a timeout or a broken connection a write may or may not have been applied, so
 * the client reports the error and leaves the decision to the caller. A retry after a failed connection or a
 * timeout goes to another node if one is known. The retry delay does not honor {@code Retry-After}, which
 * {@link UnavailableException#retryAfter()} exposes.
 *
 * <p><b>Redirect mode.</b> With {@link CohortClientConfig#redirectMode()} the client asks nodes for a
 * {@code 307} instead of forwarding. It follows up to two redirects in a row per attempt and fails with a
 * {@link CohortException} on the third.
 *
 * <p><b>Namespaces.</b> The operations of this class address the built-in namespace at {@code /v1/kv/{key}}.
 * {@link #namespace(String)} returns a view of another namespace, and {@link BlockingCohortClient#namespace}
 * its blocking view. Requests in a namespace other than {@code default} follow the retry rules above but use no
 * owner routing and no redirect mode, because the server sends no owner hints for them and does not redirect them.
 *
 * <p><b>Errors.</b> Returned stages fail with a {@link CohortException} subtype: {@link VersionConflictException}
 * for a failed condition, {@link UnavailableException} for {@code 503}, {@link NamespaceNotFoundException} for a
 * namespace that does not exist, {@link InvalidRequestException} for other {@code 4xx},
 * {@link CohortTimeoutException}, {@link NoNodeReachableException}, or the base type for anything else. Invalid
 * arguments throw {@link NullPointerException} or {@link IllegalArgumentException} at once.
 */
public final class CohortClient implements AutoCloseable {
  private final ExecutorService executor;
  private final ClientCounters counters = new ClientCounters();
  private final KeyResponses responses;
  private final RoutingRefresher refresher;
  private final RequestExecutor requests;
  private final CohortNamespace defaultNamespace;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Creates a client. It connects to nothing until the first operation. */
  public CohortClient(CohortClientConfig config) {
    Objects.requireNonNull(config, "config");
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    ObjectMapper mapper = new ObjectMapper();
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
    RoutingCache routing = new RoutingCache(config.seeds());
    NodeHealth health = new NodeHealth(config.unreachableNodeAvoidance(), System::nanoTime);
    NodeSelector selector = new NodeSelector(routing, health);
    this.responses = new KeyResponses(mapper);
    this.defaultNamespace = new CohortNamespace(this, responses, NamespaceNames.DEFAULT);
    this.refresher = new RoutingRefresher(http, mapper, routing, selector, health, counters, config,
        System::nanoTime, executor);
    OwnerHints hints = new OwnerHints(config.routingEnabled(), routing, refresher, counters);
    this.requests = new RequestExecutor(http, config, routing, refresher, selector, health, hints, counters,
        executor);
  }

  /** Reads {@code key}. The stage completes with empty if the key does not exist. */
  public CompletionStage<Optional<Versioned>> get(String key) {
    return defaultNamespace.get(key);
  }

  /** Stores {@code json} under {@code key}, creating or replacing the value. */
  public CompletionStage<WriteResult> put(String key, String json) {
    return defaultNamespace.put(key, json);
  }

  /**
   * Replaces the value of {@code key} only if its current version is {@code version}, or fails the stage
   * with {@link VersionConflictException}.
   *
   * @throws IllegalArgumentException if {@code version} is less than 1
   */
  public CompletionStage<WriteResult> putIfVersion(String key, String json, long version) {
    return defaultNamespace.putIfVersion(key, json, version);
  }

  /** Creates {@code key} only if it does not exist, or fails the stage with {@link VersionConflictException}. */
  public CompletionStage<WriteResult> putIfAbsent(String key, String json) {
    return defaultNamespace.putIfAbsent(key, json);
  }

  /** Replaces the value of {@code key} only if it exists, or fails the stage with {@link VersionConflictException}. */
  public CompletionStage<WriteResult> putIfPresent(String key, String json) {
    return defaultNamespace.putIfPresent(key, json);
  }

  /** Deletes {@code key}. The stage completes with the delete's version, or empty if the key did not exist. */
  public CompletionStage<OptionalLong> delete(String key) {
    return defaultNamespace.delete(key);
  }

  /**
   * Deletes {@code key} only if its current version is {@code version} and completes with the delete's version.
   * A different version or an absent key fails the stage with {@link VersionConflictException}.
   *
   * @throws IllegalArgumentException if {@code version} is less than 1
   */
  public CompletionStage<OptionalLong> deleteIfVersion(String key, long version) {
    return defaultNamespace.deleteIfVersion(key, version);
  }

  /**
   * Returns the view of namespace {@code name}, whose operations address {@code /v1/ns/{name}/kv/{key}}. The
   * view of {@code default} is the built-in namespace, which this client's own operations address. This method
   * checks only the name's syntax. The server checks that the namespace exists, so operations in a namespace
   * that does not exist fail with {@link NamespaceNotFoundException}.
   *
   * @throws IllegalArgumentException if {@code name} is not 1 to 48 lowercase letters, digits, '-' or '_', the
   *     rule the server applies to namespace names
   */
  public CohortNamespace namespace(String name) {
    String valid = NamespaceNames.requireValid(name);
    if (valid.equals(NamespaceNames.DEFAULT)) {
      return defaultNamespace;
    }
    return new CohortNamespace(this, responses, valid);
  }

  /** Returns a blocking view of this client. Closing either one closes both. */
  public BlockingCohortClient blocking() {
    return new BlockingCohortClient(this);
  }

  /** Returns a snapshot of the client's counters. */
  public ClientStats stats() {
    return counters.snapshot();
  }

  /**
   * Closes the client: operations in flight fail with a {@link CohortException}, new ones throw
   * {@link IllegalStateException}, and the client's thread pool shuts down. Calling it again has no effect.
   *
   * <p>NOTE: on Java 17 {@link HttpClient} has no {@code close()}, so its selector thread ends only once the
   * client is garbage-collected.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    refresher.close();
    for (CompletableFuture<?> operation : inFlight) {
      operation.completeExceptionally(new CohortException("the client was closed", 0, null, null));
    }
    executor.shutdownNow();
  }

  /**
   * Runs {@code request} and completes the returned stage with its decoded result or its {@link CohortException}.
   *
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<T> run(KeyRequest request, ResponseDecoder<T> decoder) {
    if (closed) {
      throw new IllegalStateException("the client is closed; create a new CohortClient");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    inFlight.add(result);
    result.whenComplete((value, error) -> inFlight.remove(result));
    if (closed) {
      // close() ran between the check above and add(), so it may have missed this operation.
      result.completeExceptionally(new CohortException("the client was closed", 0, null, null));
      return result.minimalCompletionStage();
    }
    requests.execute(request, decoder).whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(Failures.unwrap(error));
      } else {
        result.complete(value);
      }
    });
    return result.minimalCompletionStage();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "cohort-client-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
