package io.cohort.client;

import java.util.Objects;

/**
 * A stored value with its version.
 *
 * @param key the key
 * @param json the stored JSON text, exactly as the server returned it
 * @param version the version from the response's {@code ETag}, usable with
 *     {@link CohortClient#putIfVersion(String, String, long)}
 */
public record Versioned(String key, String json, long version) {
  public Versioned {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
  }
}
