package io.cohort.bench.suite;

/**
 * One YCSB phase of one system.
 *
 * @param system the system under test
 * @param kind load, run, or fixed-rate run
 * @param workload workload name, the suffix of {@code bench/workloads/workloadNAME}; for a load phase the
 *     workload whose file defines the record shape
 * @param threads YCSB client threads
 * @param target target operations per second of a fixed-rate phase, 0 for no target
 */
record Phase(SystemKind system, Kind kind, String workload, int threads, long target) {

  enum Kind { LOAD, RUN, FIXED_RATE }

  static Phase load(SystemKind system, String workload, int threads) {
    return new Phase(system, Kind.LOAD, workload, threads, 0);
  }

  static Phase run(SystemKind system, String workload, int threads) {
    return new Phase(system, Kind.RUN, workload, threads, 0);
  }

  static Phase fixedRate(SystemKind system, String workload, int threads, long target) {
    return new Phase(system, Kind.FIXED_RATE, workload, threads, target);
  }

  /** Returns the base name of the phase's raw output files, such as {@code redis-a-t8} or {@code cohort-load}. */
  String fileName() {
    return switch (kind) {
      case LOAD -> system.id() + "-load";
      case RUN -> system.id() + "-" + workload + "-t" + threads;
      case FIXED_RATE -> system.id() + "-" + workload + "-fixed";
    };
  }

  String workloadFile() {
    return "bench/workloads/workload" + workload;
  }
}
