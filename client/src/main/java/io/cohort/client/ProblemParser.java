package io.cohort.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the {@code application/problem+json} body of an error response. */
final class ProblemParser {
  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail");

  private final ObjectMapper mapper;

  ProblemParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Returns the problem in the response body, or null if the body is not a JSON object. */
  Problem parse(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (body == null || body.length == 0 || !contentType.contains("json")) {
      return null;
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    return new Problem(text(root, "type"), text(root, "title"), root.path("status").asInt(0),
        text(root, "detail"), extensionsOf(root));
  }

  private Map<String, Object> extensionsOf(JsonNode root) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!STANDARD_MEMBERS.contains(field.getKey())) {
        extensions.put(field.getKey(), toJava(field.getValue()));
      }
    }
    return extensions;
  }

  private Object toJava(JsonNode node) {
    try {
      return mapper.treeToValue(node, Object.class);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
