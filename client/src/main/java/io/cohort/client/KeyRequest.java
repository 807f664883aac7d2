package io.cohort.client;

import java.util.Map;

/**
 * One key operation as sent over HTTP.
 *
 * @param namespace the validated namespace name, {@link NamespaceNames#DEFAULT} for the built-in namespace
 * @param method {@code GET}, {@code PUT} or {@code DELETE}
 * @param key the key, unencoded
 * @param json the request body for a PUT, null otherwise
 * @param conditions precondition headers such as {@code If-Match}, empty for an unconditional operation
 */
record KeyRequest(String namespace, String method, String key, String json, Map<String, String> conditions) {
  KeyRequest {
    conditions = Map.copyOf(conditions);
  }

  /** Returns whether the operation only reads, so that it may be retried after a 503, a timeout or an I/O error. */
  boolean isRead() {
    return method.equals("GET");
  }

  /**
   * Returns whether the request addresses the built-in namespace. Only there does the server send owner hints
   * and honor {@code Cohort-Redirect}, so only there does the client use its routing cache and redirect mode.
   */
  boolean isDefaultNamespace() {
    return namespace.equals(NamespaceNames.DEFAULT);
  }

  /** Describes the operation for messages, such as {@code GET key [a] in namespace [carts]}. */
  String describe() {
    String operation = method + " key [" + KeyResponses.shorten(key) + "]";
    return isDefaultNamespace() ? operation : operation + " in namespace [" + namespace + "]";
  }
}
