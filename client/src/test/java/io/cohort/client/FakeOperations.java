package io.cohort.client;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The key operations of the fake nodes, with the conditions of the real API. */
final class FakeOperations {
  private FakeOperations() {}

  static void get(FakeCohortCluster.FakeStore store, HttpExchange exchange, String key) throws IOException {
    FakeCohortCluster.FakeStore.Entry entry = store.entries.get(key);
    if (entry == null) {
      notFound(exchange, key);
      return;
    }
    FakeResponses.etag(exchange, entry.version());
    FakeResponses.send(exchange, 200, "application/json", entry.json().getBytes(StandardCharsets.UTF_8));
  }

  static void put(FakeCohortCluster.FakeStore store, HttpExchange exchange, String key, String json)
      throws IOException {
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    FakeCohortCluster.FakeStore.Entry written;
    boolean created;
    synchronized (store) {
      FakeCohortCluster.FakeStore.Entry current = store.entries.get(key);
      long currentVersion = current == null ? 0 : current.version();
      boolean conditionHolds = ifMatch != null ? matches(ifMatch, current)
          : ifNoneMatch == null || current == null;
      if (!conditionHolds) {
        conflict(exchange, key, currentVersion);
        return;
      }
      created = current == null;
      written = new FakeCohortCluster.FakeStore.Entry(json, store.versions.incrementAndGet());
      store.entries.put(key, written);
    }
    FakeResponses.etag(exchange, written.version());
    String body = "{\"key\":" + quote(key) + ",\"version\":" + written.version() + "}";
    FakeResponses.send(exchange, created ? 201 : 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static void delete(FakeCohortCluster.FakeStore store, HttpExchange exchange, String key) throws IOException {
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    long deleteVersion;
    synchronized (store) {
      FakeCohortCluster.FakeStore.Entry current = store.entries.get(key);
      if (current == null) {
        notFound(exchange, key);
        return;
      }
      if (ifMatch != null && !matches(ifMatch, current)) {
        conflict(exchange, key, current.version());
        return;
      }
      store.entries.remove(key);
      deleteVersion = store.versions.incrementAndGet();
    }
    FakeResponses.etag(exchange, deleteVersion);
    FakeResponses.send(exchange, 204, null, new byte[0]);
  }

  private static boolean matches(String ifMatch, FakeCohortCluster.FakeStore.Entry current) {
    if (current == null) {
      return false;
    }
    return ifMatch.equals("*") || ifMatch.equals("\"" + current.version() + "\"");
  }

  private static void notFound(HttpExchange exchange, String key) throws IOException {
    FakeResponses.problem(exchange, 404, "key-not-found", "key [" + key + "] does not exist", Map.of("key", key));
  }

  private static void conflict(HttpExchange exchange, String key, long currentVersion) throws IOException {
    FakeResponses.problem(exchange, 412, "version-conflict", "condition failed for key [" + key + "]",
        Map.of("key", key, "currentVersion", currentVersion));
  }

  private static String quote(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
