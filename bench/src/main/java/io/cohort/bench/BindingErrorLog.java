package io.cohort.bench;

import java.io.PrintStream;

/**
 * Public view of {@link ErrorLog} for the bindings in other packages, such as {@code io.cohort.bench.cassandra}:
 * it prints the first {@code maxLogged} errors and only counts the rest. Safe for concurrent use.
 */
public final class BindingErrorLog {

  private final ErrorLog log;

  public BindingErrorLog(PrintStream output, long maxLogged) {
    this.log = new ErrorLog(output, maxLogged);
  }

  /** Counts one error and prints {@code message} if fewer than {@code maxLogged} came before it. */
  public void error(String message) {
    log.error(message);
  }

  /** Returns the number of errors reported so far, logged or not. */
  public long count() {
    return log.count();
  }

  /** Prints the total error count if any error was reported. */
  public void printSummary() {
    log.printSummary();
  }
}
