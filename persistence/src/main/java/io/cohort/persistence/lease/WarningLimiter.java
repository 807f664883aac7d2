package io.cohort.persistence.lease;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Lets one warning through per interval and counts the ones it holds back. Thread-safe. */
final class WarningLimiter {
  private final long intervalNanos;
  private final AtomicLong nextAllowedNanos;
  private final AtomicInteger suppressed = new AtomicInteger();

  WarningLimiter(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.nextAllowedNanos = new AtomicLong(System.nanoTime() - intervalNanos);
  }

  /**
   * Returns the number of warnings held back since the last one let through, or -1 when the caller must
   * not log this one.
   */
  int tryAcquire() {
    long now = System.nanoTime();
    long next = nextAllowedNanos.get();
    if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
      return suppressed.getAndSet(0);
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
