package io.cohort.client;

import java.util.Objects;

/**
 * Outcome of a successful put.
 *
 * @param key the key
 * @param version the version the write created
 * @param created true if the key was absent before the write ({@code 201}), false if it replaced a value
 *     ({@code 200})
 */
public record WriteResult(String key, long version, boolean created) {
  public WriteResult {
    Objects.requireNonNull(key, "key");
  }
}
