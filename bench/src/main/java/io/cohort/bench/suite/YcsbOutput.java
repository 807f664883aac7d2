package io.cohort.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The summary that YCSB prints at the end of a load or run phase.
 *
 * @param runtimeMillis the phase's run time from the {@code [OVERALL], RunTime(ms)} line
 * @param throughput operations per second from the {@code [OVERALL], Throughput(ops/sec)} line
 * @param operations measurements per operation name, CLEANUP excluded
 */
record YcsbOutput(double runtimeMillis, double throughput, Map<String, OperationStats> operations) {

  /** The order of operations in tables; other operations follow in name order. */
  private static final List<String> OPERATION_ORDER =
      List.of("READ", "UPDATE", "INSERT", "READ-MODIFY-WRITE", "SCAN", "DELETE");

  static final String FAILED_SUFFIX = "-FAILED";

  YcsbOutput {
    operations = Map.copyOf(operations);
  }

  /**
   * Returns the number of operations that YCSB counted, from throughput and run time. A read-modify-write
   * counts once here, although its read and its update also appear under READ and UPDATE.
   */
  long operationCount() {
    return Math.round(throughput * runtimeMillis / 1000.0);
  }

  /** Returns the operations whose status was not OK, summed over the operations other than Intended-. */
  long errors() {
    long errors = 0;
    for (OperationStats stats : operations.values()) {
      errors += stats.errors();
    }
    return errors;
  }

  /**
   * Returns the measured operation names in table order, without the Intended- variants and without the
   * -FAILED sections, such as READ-FAILED, in which YCSB measures the latency of failed operations apart.
   */
  List<String> measuredOperations() {
    List<String> names = new ArrayList<>();
    for (String name : OPERATION_ORDER) {
      if (operations.containsKey(name)) {
        names.add(name);
      }
    }
    operations.keySet().stream()
        .filter(name -> !OPERATION_ORDER.contains(name) && !name.startsWith(OperationStats.INTENDED_PREFIX)
            && !name.endsWith(FAILED_SUFFIX))
        .sorted()
        .forEach(names::add);
    return names;
  }

  Optional<OperationStats> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }
}
