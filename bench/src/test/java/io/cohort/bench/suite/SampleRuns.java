package io.cohort.bench.suite;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds suite runs with chosen numbers for the report and chart tests. */
final class SampleRuns {
  private SampleRuns() {}

  static final MachineInfo MACHINE = new MachineInfo("2", "Test CPU @ 2.0GHz", "23.4 GiB", "Linux 6.1.0",
      "openjdk version \"17.0.15\" 2025-04-15", "0.50, 0.40, 0.30 (1, 5 and 15 minutes)");

  /** Throughput per system at threads 1 and 8 for workload a; workload c uses twice these values. */
  static final Map<SystemKind, double[]> THROUGHPUT = Map.of(
      SystemKind.COHORT, new double[] {500, 2000},
      SystemKind.CASSANDRA, new double[] {1000, 4000},
      SystemKind.REDIS, new double[] {5000, 20000});

  /** Returns a quick run of all three systems in which every phase succeeded. */
  static SuiteRun quickRun() {
    SuiteOptions options = SuiteOptions.parse(new String[] {"--quick"});
    List<PhaseResult> results = new ArrayList<>();
    for (SystemKind system : options.systems()) {
      results.add(result(Phase.load(system, "a", 8), 3000, Map.of("INSERT", stats("INSERT", 30000, 900, 0))));
      for (String workload : options.workloads()) {
        double factor = workload.equals("c") ? 2 : 1;
        double[] throughput = THROUGHPUT.get(system);
        for (int i = 0; i < options.threads().size(); i++) {
          Phase phase = Phase.run(system, workload, options.threads().get(i));
          results.add(result(phase, throughput[i] * factor, operations(workload, 1000.0 * (i + 1))));
        }
      }
      for (String workload : options.workloads()) {
        Phase phase = Phase.fixedRate(system, workload, 32, Math.round(THROUGHPUT.get(system)[1]));
        Map<String, OperationStats> operations = new java.util.HashMap<>(operations(workload, 1500));
        operations.put("Intended-READ", stats("Intended-READ", 100, 45000, 0));
        results.add(result(phase, THROUGHPUT.get(system)[1], operations));
      }
    }
    return new SuiteRun("bin/cohort bench --quick", options, MACHINE,
        ZonedDateTime.of(2025, 12, 4, 22, 0, 0, 0, ZoneOffset.UTC), Duration.ofSeconds(380),
        Map.of("a", "read 50%, update 50%; zipfian request distribution; 10 fields of 100 bytes per record.",
            "c", "read 100%; zipfian request distribution; 10 fields of 100 bytes per record."),
        Map.of(SystemKind.COHORT, List.of("Started with `bin/cohort local --dir work/bench/cohort`."),
            SystemKind.CASSANDRA, List.of("Keyspace `ycsb` with replication factor 1."),
            SystemKind.REDIS, List.of("Redis server v=7.0.15.")),
        Map.of(), results);
  }

  static PhaseResult result(Phase phase, double throughput, Map<String, OperationStats> operations) {
    // 10 s phases with 2 server CPU seconds and 1 client CPU second; 10% faster while operations ran.
    return new PhaseResult(phase, new YcsbOutput(10_000, throughput, operations), throughput * 1.1, null, 2.0, 1.0);
  }

  /** Returns READ, and UPDATE for workload a, with p99 {@code p99Micros}; UPDATE has 2 errors. */
  static Map<String, OperationStats> operations(String workload, double p99Micros) {
    if (workload.equals("c")) {
      return Map.of("READ", stats("READ", 1000, p99Micros, 0));
    }
    return Map.of("READ", stats("READ", 500, p99Micros, 0), "UPDATE", stats("UPDATE", 500, 2 * p99Micros, 2));
  }

  static OperationStats stats(String name, long count, double p99Micros, long errors) {
    Map<String, Long> returns = name.startsWith("Intended-") ? Map.of()
        : errors == 0 ? Map.of("OK", count) : Map.of("OK", count - errors, "ERROR", errors);
    return new OperationStats(name, count, p99Micros / 4, p99Micros / 2, p99Micros, returns);
  }
}
