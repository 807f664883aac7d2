package io.cohort.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Response helpers of the fake nodes. */
final class FakeResponses {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FakeResponses() {}

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean empty = body.length == 0;
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void problem(HttpExchange exchange, int status, String slug, String detail, Map<String, Object> extensions)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "urn:cohort:problem:" + slug);
    problem.put("title", "Status " + status);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.putAll(extensions);
    send(exchange, status, "application/problem+json", MAPPER.writeValueAsBytes(problem));
  }

  static void etag(HttpExchange exchange, long version) {
    exchange.getResponseHeaders().set("ETag", "\"" + version + "\"");
  }
}
