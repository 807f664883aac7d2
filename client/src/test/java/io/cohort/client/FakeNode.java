package io.cohort.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** One node of a {@link FakeCohortCluster}: an {@link HttpServer} on 127.0.0.1 with a free port. */
final class FakeNode {
  private static final int MAX_VALUE_BYTES = 1024 * 1024;

  final int index;
  final URI endpoint;
  volatile boolean running = true;
  private final FakeCohortCluster cluster;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  FakeNode(FakeCohortCluster cluster, int index) throws IOException {
    this.cluster = cluster;
    this.index = index;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    server.setExecutor(executor);
    server.createContext("/v1/kv/", this::handleKey);
    server.createContext("/v1/ns/", this::handleNamespacedKey);
    server.createContext("/v1/routing", this::handleRouting);
    server.start();
  }

  void stop() {
    if (running) {
      running = false;
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handleRouting(HttpExchange exchange) throws IOException {
    try (exchange) {
      cluster.routingFetches.incrementAndGet();
      if (cluster.routingBroken) {
        FakeResponses.problem(exchange, 500, "internal", "routing is broken for this test", Map.of());
        return;
      }
      FakeResponses.send(exchange, 200, "application/json", cluster.routingJson());
    }
  }

  private void handleKey(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = recordKeyRequest(exchange);
      serveKey(exchange, "default", rawPath.substring("/v1/kv/".length()));
    }
  }

  /** Serves {@code /v1/ns/{namespace}/kv/{key}}, with a 404 of type namespace-not-found for an unknown namespace. */
  private void handleNamespacedKey(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = recordKeyRequest(exchange);
      String rest = rawPath.substring("/v1/ns/".length());
      int slash = rest.indexOf('/');
      if (slash < 1 || !rest.startsWith("kv/", slash + 1)) {
        FakeResponses.problem(exchange, 404, "no-such-resource", "no route for " + rawPath, Map.of());
        return;
      }
      String namespace = rest.substring(0, slash);
      if (cluster.storeOf(namespace) == null) {
        List<String> names = cluster.namespaceNames();
        FakeResponses.problem(exchange, 404, "namespace-not-found", "namespace [" + namespace + "] does not exist",
            Map.of("namespace", namespace, "namespaces", names));
        return;
      }
      serveKey(exchange, namespace, rest.substring(slash + "/kv/".length()));
    }
  }

  private String recordKeyRequest(HttpExchange exchange) {
    String rawPath = exchange.getRequestURI().getRawPath();
    cluster.keyRequests.add(new FakeCohortCluster.ReceivedRequest(
        index, exchange.getRequestMethod(), rawPath, headersOf(exchange)));
    return rawPath;
  }

  /**
   * Serves the key in {@code segment} of an existing namespace. As on the real server, only the built-in namespace
   * sends owner hints and redirects.
   */
  private void serveKey(HttpExchange exchange, String namespace, String segment) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    if (segment.isEmpty() || segment.contains("/")) {
      FakeResponses.problem(exchange, 404, "no-such-resource", "no route for " + rawPath, Map.of());
      return;
    }
    String key = FakeCohortCluster.percentDecode(segment);
    boolean builtIn = namespace.equals("default");
    URI owner = addRoutingHeaders(exchange, key, builtIn);
    awaitConfiguredDelay();
    boolean redirected = builtIn && respondWithRedirect(exchange, owner, rawPath);
    if (!redirected && !respondWithInjectedError(exchange)) {
      handleOperation(exchange, cluster.storeOf(namespace), key);
    }
  }

  /**
   * Adds the Cohort-* headers and returns the owner of the key's partition, or null if it is unplaced. Without
   * {@code ownerHints} only {@code Cohort-Partition} is sent.
   */
  private URI addRoutingHeaders(HttpExchange exchange, String key, boolean ownerHints) {
    int partition = cluster.partitioner.partitionOf(key);
    URI owner = cluster.placement.get(partition);
    exchange.getResponseHeaders().set("Cohort-Partition", Integer.toString(partition));
    if (owner != null && ownerHints) {
      if (!cluster.omitOwnerHeader) {
        exchange.getResponseHeaders().set("Cohort-Owner", owner.toString());
      }
      exchange.getResponseHeaders().set("Cohort-Routing-Epoch", Long.toString(cluster.epoch.get()));
    }
    return owner;
  }

  private void awaitConfiguredDelay() {
    long delay = cluster.keyResponseDelayMillis;
    if (delay > 0) {
      try {
        cluster.released.await(delay, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean respondWithRedirect(HttpExchange exchange, URI owner, String rawPath) throws IOException {
    if (!"true".equals(exchange.getRequestHeaders().getFirst("Cohort-Redirect"))) {
      return false;
    }
    URI target;
    if (cluster.redirectLoop) {
      target = cluster.endpoint((index + 1) % cluster.nodes.size());
    } else if (owner != null && !owner.equals(endpoint)) {
      target = owner;
    } else {
      return false;
    }
    exchange.getResponseHeaders().set("Location", target + rawPath);
    FakeResponses.send(exchange, 307, null, new byte[0]);
    return true;
  }

  private boolean respondWithInjectedError(HttpExchange exchange) throws IOException {
    if (cluster.unavailableResponses.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      FakeResponses.problem(exchange, 503, "unavailable", "partition is moving", Map.of());
      return true;
    }
    FakeCohortCluster.ForcedError forced = cluster.forcedError.getAndSet(null);
    if (forced != null && forced.slug() == null) {
      FakeResponses.send(exchange, forced.status(), null, new byte[0]);
      return true;
    }
    if (forced != null) {
      FakeResponses.problem(exchange, forced.status(), forced.slug(), "forced by the test", Map.of("hint", 7));
      return true;
    }
    return false;
  }

  private void handleOperation(HttpExchange exchange, FakeCohortCluster.FakeStore store, String key)
      throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> FakeOperations.get(store, exchange, key);
      case "PUT" -> handlePut(exchange, store, key);
      case "DELETE" -> FakeOperations.delete(store, exchange, key);
      default -> FakeResponses.problem(exchange, 405, "method-not-allowed", "use GET, PUT or DELETE", Map.of());
    }
  }

  private void handlePut(HttpExchange exchange, FakeCohortCluster.FakeStore store, String key) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/json")) {
      FakeResponses.problem(exchange, 415, "unsupported-media-type", "send application/json", Map.of());
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_VALUE_BYTES + 1);
    }
    if (body.length > MAX_VALUE_BYTES) {
      FakeResponses.problem(exchange, 413, "value-too-large", "values are at most 1 MiB", Map.of());
      return;
    }
    String json = new String(body, StandardCharsets.UTF_8);
    try {
      cluster.mapper.readTree(json);
    } catch (IOException e) {
      FakeResponses.problem(exchange, 400, "invalid-json", "the value is not JSON", Map.of());
      return;
    }
    FakeOperations.put(store, exchange, key, json);
  }

  private static Map<String, String> headersOf(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    return headers;
  }
}
