package io.cohort.http;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs partitions that did not reply in time: the first at WARN, then at most one WARN every 10 seconds with a count
 * of what was suppressed, so a partition moving under load does not flood the log.
 */
final class UnavailableLog {
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final Logger log;
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private final AtomicLong suppressed = new AtomicLong();

  UnavailableLog(Logger log) {
    this.log = log;
  }

  void record(int partition, Throwable cause) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
      log.warn("partition {}: no reply within the request timeout, returned 503 ({} similar since the last report): {}",
          partition, suppressed.getAndSet(0), cause.toString());
    } else {
      suppressed.incrementAndGet();
    }
  }
}
