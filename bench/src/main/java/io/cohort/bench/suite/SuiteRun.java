package io.cohort.bench.suite;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that one run of the suite measured and needs for its report.
 *
 * @param command the command line as the user would type it
 * @param options the parsed options
 * @param machine the machine
 * @param started when the suite started
 * @param elapsed wall-clock time of the whole suite
 * @param workloadDescriptions description of each workload's mix, by workload name
 * @param settings report lines per system that started
 * @param systemFailures why a system could not be benchmarked, by system
 * @param results every phase, in the order it ran
 */
record SuiteRun(String command, SuiteOptions options, MachineInfo machine, ZonedDateTime started, Duration elapsed,
    Map<String, String> workloadDescriptions, Map<SystemKind, List<String>> settings,
    Map<SystemKind, String> systemFailures, List<PhaseResult> results) {

  /** Returns the run phase of the system, workload and thread count, if it ran. */
  Optional<PhaseResult> run(SystemKind system, String workload, int threads) {
    return results.stream()
        .filter(result -> result.phase().kind() == Phase.Kind.RUN && result.phase().system() == system
            && result.phase().workload().equals(workload) && result.phase().threads() == threads)
        .findFirst();
  }

  /** Returns the successful run phase with the highest throughput for the system and workload. */
  Optional<PhaseResult> peak(SystemKind system, String workload) {
    return results.stream()
        .filter(result -> result.phase().kind() == Phase.Kind.RUN && result.phase().system() == system
            && result.phase().workload().equals(workload) && result.succeeded())
        .max(Comparator.comparingDouble(PhaseResult::throughput));
  }

  /** Returns the highest throughput while running among the run phases of the system and workload, or NaN. */
  double peakRunningThroughput(SystemKind system, String workload) {
    return results.stream()
        .filter(result -> result.phase().kind() == Phase.Kind.RUN && result.phase().system() == system
            && result.phase().workload().equals(workload) && Double.isFinite(result.runningThroughput()))
        .mapToDouble(PhaseResult::runningThroughput)
        .max()
        .orElse(Double.NaN);
  }

  List<PhaseResult> ofKind(Phase.Kind kind) {
    return results.stream().filter(result -> result.phase().kind() == kind).toList();
  }

  List<PhaseResult> failures() {
    return results.stream().filter(result -> !result.succeeded()).toList();
  }
}
