package io.cohort.bench.suite;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes the Markdown report of a suite run. */
final class ReportBuilder {
  private ReportBuilder() {}

  static String build(SuiteRun run) {
    StringBuilder report = new StringBuilder();
    report.append("# Cohort, Cassandra and Redis under YCSB 0.17.0\n\n");
    report.append("Run on ").append(run.started().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(", ")
        .append(Format.seconds(run.elapsed().toSeconds())).append(" in total. Every number below comes from this"
            + " one run on one machine, with the YCSB client on the same machine as the servers.\n\n");
    appendMachine(report, run);
    appendMethod(report, run);
    appendSettings(report, run);
    report.append("## Peak throughput\n\n").append(ReportTables.peaks(run)).append('\n');
    for (String workload : run.options().workloads()) {
      appendWorkload(report, run, workload);
    }
    report.append("## Fixed-rate phases\n\n").append(FIXED_RATE_TEXT).append(ReportTables.fixedRate(run))
        .append('\n');
    report.append("## Load phases\n\n").append(ReportTables.load(run)).append('\n');
    appendFailures(report, run);
    return report.toString();
  }

  private static final String FIXED_RATE_TEXT = "Each system ran each workload once more with 32 threads and a"
      + " YCSB target (`-target`) of half its peak throughput for that workload. YCSB then also measures"
      + " intended latency (`-p measurement.interval=both`): from the time at which the operation was scheduled to"
      + " start, not the time it started, so a stall that delays later operations shows up in the intended"
      + " percentiles (coordinated omission).\n\n";

  private static void appendMachine(StringBuilder report, SuiteRun run) {
    MachineInfo machine = run.machine();
    report.append("## Machine\n\n")
        .append("- Cores (`nproc`): ").append(machine.cores()).append('\n')
        .append("- CPU: ").append(machine.cpuModel()).append('\n')
        .append("- Memory: ").append(machine.memory()).append('\n')
        .append("- Kernel: ").append(machine.kernel()).append('\n')
        .append("- Load average when the suite started: ").append(machine.loadAverage()).append('\n')
        .append("- `java -version`:\n\n```\n").append(machine.javaVersion()).append("\n```\n\n");
  }

  private static void appendMethod(StringBuilder report, SuiteRun run) {
    SuiteOptions options = run.options();
    report.append("## Command and method\n\n```\n").append(run.command()).append("\n```\n\n")
        .append("- The systems ran one after another, each alone: the suite started one, ran all its phases and"
            + " stopped it before it started the next. Each started with an empty data directory under"
            + " `work/bench/`.\n")
        .append("- Every phase ran `bench/ycsb.sh` (YCSB 0.17.0, `site.ycsb.Client`) with the same workload files"
            + " `bench/workloads/workloadX`, `-p recordcount=").append(options.records())
        .append("` and `-p measurementtype=hdrhistogram -p hdrhistogram.percentiles=50,95,99`. The exact"
            + " command of each phase is in `raw/commands.txt`, its output in `raw/`.\n")
        .append("- Per system: one load phase with ").append(YcsbRunner.LOAD_THREADS).append(" threads, then per"
            + " workload a run phase of ").append(options.seconds()).append(" s (`-p maxexecutiontime`) at each"
            + " thread count ").append(options.threads()).append(", then the fixed-rate phases. There is no"
            + " separate warm-up, so the first run phase of each system also warms up its JVMs.\n")
        .append("- Throughput is YCSB's `[OVERALL]` figure: operations divided by YCSB's RunTime, which also"
            + " contains each client thread's binding init and cleanup, such as opening and closing a driver"
            + " session. \"While running\" divides the growth of the operation count in YCSB's once-per-second"
            + " status lines by the time between them, from the first line with operations to the last full"
            + " second, so it leaves init and cleanup out. Peaks and fixed-rate targets use YCSB's figure.\n")
        .append("- Latencies are YCSB's, in milliseconds, of the operations that succeeded: YCSB measures failed"
            + " ones apart (READ-FAILED and the like, in `raw/`). Errors are the operations whose YCSB status was"
            + " not OK, including NOT_FOUND.\n")
        .append("- CPU is user plus system time per 1,000 operations. Server CPU is the sum over the system's"
            + " server processes of utime, stime, cutime and cstime from `/proc/PID/stat`, so it includes"
            + " children that a server waited for, such as the child that Redis forks to rewrite its append-only"
            + " file. It is read just before the YCSB JVM started and just after it exited, so it includes about"
            + " 1 to 2 s of background work during the client's JVM start. YCSB CPU is the client JVM's own time"
            + " from bash's `times`, including its start. A read-modify-write counts as one operation. At low"
            + " throughput, the servers' idle background work, such as cluster heartbeats and Cassandra's own"
            + " tasks, makes up much of the server CPU per operation.\n\n");
  }

  private static void appendSettings(StringBuilder report, SuiteRun run) {
    report.append("## Settings per system\n\n");
    for (SystemKind system : run.options().systems()) {
      report.append("### ").append(system.displayName()).append("\n\n");
      for (String line : run.settings().getOrDefault(system, List.of())) {
        report.append("- ").append(line).append('\n');
      }
      String failure = run.systemFailures().get(system);
      if (failure != null) {
        report.append("- **Not benchmarked:** ").append(failure).append('\n');
      }
      report.append('\n');
    }
  }

  private static void appendWorkload(StringBuilder report, SuiteRun run, String workload) {
    report.append("## Workload ").append(workload).append("\n\n")
        .append(run.workloadDescriptions().getOrDefault(workload, "")).append("\n\n")
        .append(ReportTables.workload(run, workload)).append('\n')
        .append("![Throughput of workload ").append(workload).append("](throughput-").append(workload)
        .append(".svg)\n![p99 latency of workload ").append(workload).append("](p99-").append(workload)
        .append(".svg)\n\n");
  }

  private static void appendFailures(StringBuilder report, SuiteRun run) {
    List<PhaseResult> failures = run.failures();
    Map<SystemKind, String> systemFailures = run.systemFailures();
    if (failures.isEmpty() && systemFailures.isEmpty()) {
      return;
    }
    report.append("## Failures\n\n");
    systemFailures.forEach((system, failure) ->
        report.append("- ").append(system.displayName()).append(": ").append(failure).append('\n'));
    for (PhaseResult failure : failures) {
      report.append("- Phase `").append(failure.phase().fileName()).append("`: ").append(failure.failure())
          .append('\n');
    }
    report.append('\n');
  }
}
