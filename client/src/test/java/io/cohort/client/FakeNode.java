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
      String rawPath = exchange.getRequestURI().getRawPath();
      cluster.keyRequests.add(new FakeCohortCluster.ReceivedRequest(
          index, exchange.getRequestMethod(), rawPath, headersOf(exchange)));
      String segment = rawPath.substring("/v1/kv/".length());
      if (segment.isEmpty() || segment.contains("/")) {
        FakeResponses.problem(exchange, 404, "not-found", "no route for " + rawPath, Map.of());
        return;
      }
      String key = FakeCohortCluster.percentDecode(segment);
      URI owner = addRoutingHeaders(exchange, key);
      awaitConfiguredDelay();
      if (!respondWithRedirect(exchange, owner, rawPath) && !respondWithInjectedError(exchange)) {
        handleOperation(exchange, key);
      }
    }
  }

  /** Adds the Cohort-* headers and returns the owner of the key's partition, or null if it is unplaced. */
  private URI addRoutingHeaders(HttpExchange exchange, String key) {
    int partition = cluster.partitioner.partitionOf(key);
    URI owner = cluster.placement.get(partition);
    exchange.getResponseHeaders().set("Cohort-Partition", Integer.toString(partition));
    if (owner != null) {
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
    if (forced != null) {
      FakeResponses.problem(exchange, forced.status(), forced.slug(), "forced by the test", Map.of("hint", 7));
      return true;
    }
    return false;
  }

  private void handleOperation(HttpExchange exchange, String key) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> FakeOperations.get(cluster.store, exchange, key);
      case "PUT" -> handlePut(exchange, key);
      case "DELETE" -> FakeOperations.delete(cluster.store, exchange, key);
      default -> FakeResponses.problem(exchange, 405, "method-not-allowed", "use GET, PUT or DELETE", Map.of());
    }
  }

  private void handlePut(HttpExchange exchange, String key) throws IOException {
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
    FakeOperations.put(cluster.store, exchange, key, json);
  }

  private static Map<String, String> headersOf(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    return headers;
  }
}
