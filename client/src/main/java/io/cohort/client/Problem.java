package io.cohort.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem detail sent by the server as {@code application/problem+json}.
 *
 * @param type the problem type URI, for example {@code urn:cohort:problem:version-conflict}, or null
 * @param title the short summary, usually the HTTP reason phrase, or null
 * @param status the HTTP status the server put in the body, or 0 if it was missing
 * @param detail the explanation of this occurrence, or null
 * @param extensions the other members of the body, such as {@code key} and {@code currentVersion}, as Jackson
 *     maps them to Java values (numbers, strings, booleans, lists, maps or null)
 */
public record Problem(String type, String title, int status, String detail, Map<String, Object> extensions) {
  /** Type prefix of the problems defined by Cohort. */
  public static final String COHORT_TYPE_PREFIX = "urn:cohort:problem:";

  public Problem {
    // Map.copyOf rejects null values, which JSON allows, so keep a read-only copy instead.
    extensions = extensions == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** Returns the part of a Cohort problem type after {@link #COHORT_TYPE_PREFIX}, such as {@code key-not-found}. */
  public Optional<String> slug() {
    if (type == null || !type.startsWith(COHORT_TYPE_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(type.substring(COHORT_TYPE_PREFIX.length()));
  }
}
