package io.cohort.bench.suite;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs all phases of one system that is already started: the load, the run phase of each workload and thread
 * count, then one fixed-rate phase per workload at half the system's peak throughput for that workload.
 */
final class SystemBenchmark {
  static final int FIXED_RATE_THREADS = 32;

  private final SuiteOptions options;
  private final YcsbRunner runner;
  private final List<PhaseResult> results;
  private final ProcessTracker tracker;

  /** Creates a benchmark that appends each phase's result to {@code results} as soon as the phase ends. */
  SystemBenchmark(SuiteOptions options, YcsbRunner runner, List<PhaseResult> results, ProcessTracker tracker) {
    this.options = options;
    this.runner = runner;
    this.results = results;
    this.tracker = tracker;
  }

  /**
   * Runs the phases. A failed run phase is recorded and the next one runs.
   *
   * @throws IOException when the load fails or a server process exits, so the remaining phases cannot run
   */
  void run(SystemUnderTest system) throws IOException, InterruptedException {
    SystemKind kind = system.kind();
    PhaseResult load = record(system, Phase.load(kind, options.workloads().get(0), YcsbRunner.LOAD_THREADS));
    if (!load.succeeded()) {
      throw new IOException("the load phase failed (" + load.failure() + "), so no run phase ran");
    }
    for (String workload : options.workloads()) {
      for (int threads : options.threads()) {
        record(system, Phase.run(kind, workload, threads));
      }
    }
    for (String workload : options.workloads()) {
      Optional<PhaseResult> peak = peak(kind, workload);
      if (peak.isEmpty()) {
        BenchLog.warn(kind.id() + ": no successful run phase of workload " + workload + ", so no fixed-rate phase");
        continue;
      }
      long target = Math.max(1, Math.round(peak.get().throughput() / 2));
      record(system, Phase.fixedRate(kind, workload, FIXED_RATE_THREADS, target));
    }
  }

  private PhaseResult record(SystemUnderTest system, Phase phase) throws IOException, InterruptedException {
    if (tracker.isStopping()) {
      throw new InterruptedException("the suite is stopping; phase " + phase.fileName() + " did not run");
    }
    PhaseResult result = runner.run(phase, system);
    synchronized (results) {
      results.add(result);
    }
    if (result.succeeded()) {
      BenchLog.info(String.format("phase %s: %s ops/s, %d errors", phase.fileName(),
          Format.throughput(result.throughput()), result.output().errors()));
    } else {
      BenchLog.warn("phase " + phase.fileName() + " failed: " + result.failure());
    }
    requireServersAlive(system, phase);
    return result;
  }

  private Optional<PhaseResult> peak(SystemKind kind, String workload) {
    synchronized (results) {
      return results.stream()
          .filter(result -> result.phase().kind() == Phase.Kind.RUN && result.phase().system() == kind
              && result.phase().workload().equals(workload) && result.succeeded())
          .max((a, b) -> Double.compare(a.throughput(), b.throughput()));
    }
  }

  private static void requireServersAlive(SystemUnderTest system, Phase phase) throws IOException {
    for (SystemUnderTest.ServerProcess server : system.serverProcesses()) {
      boolean alive = ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        throw new IOException(server.role() + " (pid " + server.pid() + ") exited during phase " + phase.fileName()
            + ", so the remaining phases of " + system.kind().displayName() + " did not run");
      }
    }
  }
}
