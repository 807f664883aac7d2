package io.cohort.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Markdown tables of the report. */
final class ReportTables {
  private ReportTables() {}

  /**
   * Returns peak throughput per workload and system, with the Cohort ratios when the other system ran: of
   * YCSB's throughput, and of the throughput while operations ran.
   */
  static String peaks(SuiteRun run) {
    List<SystemKind> systems = run.options().systems();
    List<String> header = new ArrayList<>(List.of("Workload"));
    systems.forEach(system -> header.add(system.displayName() + " peak (ops/s)"));
    List<SystemKind> compared = comparedSystems(systems);
    compared.forEach(other -> header.add("Cohort / " + other.displayName()));
    compared.forEach(other -> header.add("Cohort / " + other.displayName() + ", while running"));
    MarkdownTable table = new MarkdownTable(header, 1);
    for (String workload : run.options().workloads()) {
      List<String> row = new ArrayList<>(List.of(workload));
      for (SystemKind system : systems) {
        row.add(run.peak(system, workload)
            .map(peak -> Format.throughput(peak.throughput()) + " (" + threads(peak.phase().threads()) + ")")
            .orElse(Format.MISSING));
      }
      double cohort = peakThroughput(run, SystemKind.COHORT, workload);
      for (SystemKind other : compared) {
        row.add(Format.ratio(cohort / peakThroughput(run, other, workload)));
      }
      double cohortRunning = run.peakRunningThroughput(SystemKind.COHORT, workload);
      for (SystemKind other : compared) {
        row.add(Format.ratio(cohortRunning / run.peakRunningThroughput(other, workload)));
      }
      table.row(row);
    }
    return table.render();
  }

  /** Returns one row per system and thread count of the workload's run phases. */
  static String workload(SuiteRun run, String workload) {
    List<String> operations = operations(run, workload);
    List<String> header = new ArrayList<>(List.of("System", "Threads", "Throughput (ops/s)",
        "While running (ops/s)"));
    operations.forEach(operation -> header.add(operation + " p50 / p95 / p99 (ms)"));
    header.addAll(List.of("Errors", "Server CPU s / 1k ops", "YCSB CPU s / 1k ops"));
    MarkdownTable table = new MarkdownTable(header, 1);
    for (SystemKind system : run.options().systems()) {
      for (int threads : run.options().threads()) {
        Optional<PhaseResult> result = run.run(system, workload, threads);
        if (result.isEmpty()) {
          continue;
        }
        List<String> row = new ArrayList<>(List.of(system.displayName(), Integer.toString(threads)));
        row.add(result.get().succeeded() ? Format.throughput(result.get().throughput()) : "failed");
        row.add(Format.throughput(result.get().runningThroughput()));
        operations.forEach(operation -> row.add(percentiles(result.get(), operation)));
        addErrorsAndCpu(row, result.get());
        table.row(row);
      }
    }
    return table.isEmpty() ? "No run phase of this workload ran.\n" : table.render();
  }

  /** Returns one row per fixed-rate phase and operation, with measured and intended percentiles. */
  static String fixedRate(SuiteRun run) {
    MarkdownTable table = new MarkdownTable(List.of("System", "Workload", "Operation", "Target (ops/s)",
        "Achieved (ops/s)", "p50 / p95 / p99 (ms)", "Intended p50 / p95 / p99 (ms)", "Errors",
        "Server CPU s / 1k ops", "YCSB CPU s / 1k ops"), 3);
    for (PhaseResult result : run.ofKind(Phase.Kind.FIXED_RATE)) {
      Phase phase = result.phase();
      List<String> operations = result.succeeded() ? result.output().measuredOperations() : List.of("all");
      for (String operation : operations) {
        List<String> row = new ArrayList<>(List.of(phase.system().displayName(), phase.workload(), operation,
            Format.throughput(phase.target()),
            result.succeeded() ? Format.throughput(result.throughput()) : "failed",
            percentiles(result, operation), percentiles(result, OperationStats.INTENDED_PREFIX + operation)));
        row.add(result.succeeded()
            ? Long.toString(result.output().operation(operation).map(OperationStats::errors).orElse(0L))
            : Format.MISSING);
        // CPU time is per phase, so it is shown on the phase's first row only.
        boolean first = operation.equals(operations.get(0));
        row.add(first ? Format.cpu(result.serverCpuPerThousandOps()) : "");
        row.add(first ? Format.cpu(result.clientCpuPerThousandOps()) : "");
        table.row(row);
      }
    }
    return table.isEmpty() ? "No fixed-rate phase ran.\n" : table.render();
  }

  /** Returns one row per load phase. */
  static String load(SuiteRun run) {
    MarkdownTable table = new MarkdownTable(List.of("System", "Records", "Threads", "Throughput (ops/s)",
        "INSERT p50 / p95 / p99 (ms)", "Errors", "Server CPU s / 1k ops", "YCSB CPU s / 1k ops"), 1);
    for (PhaseResult result : run.ofKind(Phase.Kind.LOAD)) {
      List<String> row = new ArrayList<>(List.of(result.phase().system().displayName(),
          Integer.toString(run.options().records()), Integer.toString(result.phase().threads()),
          result.succeeded() ? Format.throughput(result.throughput()) : "failed", percentiles(result, "INSERT")));
      addErrorsAndCpu(row, result);
      table.row(row);
    }
    return table.isEmpty() ? "No load phase ran.\n" : table.render();
  }

  private static void addErrorsAndCpu(List<String> row, PhaseResult result) {
    row.add(result.succeeded() ? Long.toString(result.output().errors()) : Format.MISSING);
    row.add(Format.cpu(result.serverCpuPerThousandOps()));
    row.add(Format.cpu(result.clientCpuPerThousandOps()));
  }

  private static String percentiles(PhaseResult result, String operation) {
    if (!result.succeeded()) {
      return Format.MISSING;
    }
    return result.output().operation(operation)
        .map(stats -> Format.millis(stats.p50()) + " / " + Format.millis(stats.p95()) + " / "
            + Format.millis(stats.p99()))
        .orElse(Format.MISSING);
  }

  /** Returns the operations measured in any run phase of the workload, in table order. */
  private static List<String> operations(SuiteRun run, String workload) {
    Set<String> operations = new LinkedHashSet<>();
    for (PhaseResult result : run.ofKind(Phase.Kind.RUN)) {
      if (result.phase().workload().equals(workload) && result.succeeded()) {
        operations.addAll(result.output().measuredOperations());
      }
    }
    return List.copyOf(operations);
  }

  private static String threads(int threads) {
    return threads == 1 ? "1 thread" : threads + " threads";
  }

  private static List<SystemKind> comparedSystems(List<SystemKind> systems) {
    if (!systems.contains(SystemKind.COHORT)) {
      return List.of();
    }
    return systems.stream().filter(system -> system != SystemKind.COHORT).toList();
  }

  private static double peakThroughput(SuiteRun run, SystemKind system, String workload) {
    return run.peak(system, workload).map(PhaseResult::throughput).orElse(Double.NaN);
  }
}
