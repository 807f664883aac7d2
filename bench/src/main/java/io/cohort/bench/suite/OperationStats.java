package io.cohort.bench.suite;

import java.util.Map;

/**
 * One operation's measurements from a YCSB run, such as READ or Intended-UPDATE.
 *
 * @param name YCSB's operation name
 * @param count operations measured
 * @param p50 50th percentile latency in microseconds, or NaN when YCSB did not print it
 * @param p95 95th percentile latency in microseconds, or NaN
 * @param p99 99th percentile latency in microseconds, or NaN
 * @param returns count per YCSB status name, such as OK, ERROR or NOT_FOUND; empty for the Intended- variants,
 *     for which YCSB prints no status counts
 */
record OperationStats(String name, long count, double p50, double p95, double p99, Map<String, Long> returns) {

  static final String INTENDED_PREFIX = "Intended-";

  OperationStats {
    returns = Map.copyOf(returns);
  }

  /** Returns the number of operations whose status was not OK. */
  long errors() {
    long errors = 0;
    for (Map.Entry<String, Long> entry : returns.entrySet()) {
      if (!entry.getKey().equals("OK")) {
        errors += entry.getValue();
      }
    }
    return errors;
  }

  boolean isIntended() {
    return name.startsWith(INTENDED_PREFIX);
  }
}
