package io.cohort.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Error reporter that prints the first {@code maxLogged} errors to a stream and only counts the
 * rest, so a failing cluster cannot flood the benchmark output. Safe for concurrent use.
 */
final class ErrorLog {

  private final PrintStream output;
  private final long maxLogged;
  private final AtomicLong errorCount = new AtomicLong();

  ErrorLog(PrintStream output, long maxLogged) {
    this.output = output;
    this.maxLogged = maxLogged;
  }

  /** Counts one error and prints {@code message} if fewer than {@code maxLogged} came before it. */
  void error(String message) {
    long number = errorCount.incrementAndGet();
    if (number <= maxLogged) {
      output.println("cohort-ycsb: error: " + message);
    }
    if (number == maxLogged) {
      output.println("cohort-ycsb: " + maxLogged
          + " errors logged, so later errors are only counted");
    }
  }

  /** Returns the number of errors reported so far, logged or not. */
  long count() {
    return errorCount.get();
  }

  /** Prints the total error count if any error was reported. */
  void printSummary() {
    long total = errorCount.get();
    if (total > 0) {
      output.println("cohort-ycsb: errors in total: " + total + " (the first "
          + Math.min(total, maxLogged) + " are logged above)");
    }
  }
}
