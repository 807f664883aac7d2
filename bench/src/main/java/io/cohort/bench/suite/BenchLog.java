package io.cohort.bench.suite;

/**
 * Progress and warning lines of the suite, on stderr with a {@code cohort bench:} prefix like the other
 * bin/cohort commands. The suite is a short-lived command-line program, so it prints directly instead of
 * configuring a logging library that the servers' launchers on the classpath would share.
 */
final class BenchLog {
  private BenchLog() {}

  static void info(String message) {
    System.err.println("cohort bench: " + message);
  }

  static void warn(String message) {
    System.err.println("cohort bench: warning: " + message);
  }
}
