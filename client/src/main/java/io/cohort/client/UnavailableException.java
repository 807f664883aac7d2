package io.cohort.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server responded {@code 503}: the key's partition is starting, moving or timed out. A write that failed
 * with this error may or may not have been applied.
 */
public class UnavailableException extends CohortException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates an exception.
   *
   * @param retryAfter the delay from the {@code Retry-After} header, or null if the header was missing or not a
   *     number of seconds
   */
  public UnavailableException(String message, Problem problem, Duration retryAfter) {
    super(message, 503, problem, null);
    this.retryAfter = retryAfter;
  }

  /** Returns the delay the server asked for in {@code Retry-After}, if it sent one in seconds. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
