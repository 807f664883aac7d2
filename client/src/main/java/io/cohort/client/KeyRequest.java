package io.cohort.client;

import java.util.Map;

/**
 * One key operation as sent over HTTP.
 *
 * @param method {@code GET}, {@code PUT} or {@code DELETE}
 * @param key the key, unencoded
 * @param json the request body for a PUT, null otherwise
 * @param conditions precondition headers such as {@code If-Match}, empty for an unconditional operation
 */
record KeyRequest(String method, String key, String json, Map<String, String> conditions) {
  KeyRequest {
    conditions = Map.copyOf(conditions);
  }

  /** Returns whether the operation only reads, so that it may be retried after a 503, a timeout or an I/O error. */
  boolean isRead() {
    return method.equals("GET");
  }
}
