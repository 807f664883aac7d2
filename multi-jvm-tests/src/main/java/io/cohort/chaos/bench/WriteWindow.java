package io.cohort.chaos.bench;

import java.util.List;

/**
 * The unavailability window of one partition, from the writes one prober sent to it one after another. It
 * is the longest of three spans: from the fault to the first success, from the start of a failed write to
 * the completion of the next successful one, and each successful write's latency. After a crash it is the
 * time from the fault to the first success. During a graceful leave it also catches a write that stalls or
 * fails while the partition moves, even when an earlier write after the fault still succeeded on the old
 * node.
 */
final class WriteWindow {

  /** One write: start and end in {@link System#nanoTime()} units, and whether it succeeded. */
  record Attempt(long startNanos, long endNanos, boolean ok) {}

  private WriteWindow() {}

  /**
   * Returns the window in nanoseconds over {@code attempts} in start order, counting from {@code faultNanos}
   * up to the last success, or -1 when no write succeeded after the fault. Writes that started after the last
   * success are left out: the caller stops probing once every partition took a write again.
   */
  static long nanos(List<Attempt> attempts, long faultNanos) {
    long worst = -1;
    long unservedSince = faultNanos;
    for (Attempt attempt : attempts) {
      if (attempt.startNanos() < faultNanos) {
        continue;
      }
      if (!attempt.ok()) {
        unservedSince = Math.min(unservedSince, attempt.startNanos());
        continue;
      }
      worst = Math.max(worst, attempt.endNanos() - Math.min(unservedSince, attempt.startNanos()));
      unservedSince = Long.MAX_VALUE;
    }
    return worst;
  }
}
