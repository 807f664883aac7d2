package io.cohort.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} (counting from 0) is drawn uniformly
 * from {@code [0, min(max, base * 2^n)]}.
 */
final class Backoff {
  private static final int MAX_DOUBLINGS = 30;

  private final long baseNanos;
  private final long maxNanos;

  Backoff(Duration base, Duration max) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** Returns the upper bound of the delay before retry {@code retry}, counting from 0. */
  long ceilingNanos(int retry) {
    int doublings = Math.min(Math.max(retry, 0), MAX_DOUBLINGS);
    long ceiling = baseNanos << doublings;
    // A shift that overflows or leaves the base's range is treated as over the maximum.
    if (ceiling < 0 || (ceiling >> doublings) != baseNanos) {
      return maxNanos;
    }
    return Math.min(maxNanos, ceiling);
  }

  /** Returns a random delay in nanoseconds for retry {@code retry}, counting from 0. */
  long delayNanos(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingNanos(retry) + 1);
  }
}
