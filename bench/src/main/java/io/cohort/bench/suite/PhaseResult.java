package io.cohort.bench.suite;

/**
 * The outcome of one phase: YCSB's summary and the CPU time of the server and client processes over the phase.
 *
 * @param phase the phase
 * @param output YCSB's summary, or null when the phase failed
 * @param runningThroughput operations per second while operations ran, from YCSB's status lines, NaN when
 *     unknown; see {@link YcsbOutputParser#parseRunningThroughput}
 * @param failure why the phase failed, or null
 * @param serverCpuSeconds CPU seconds of the system's server processes, NaN when unknown
 * @param clientCpuSeconds CPU seconds of the YCSB process, NaN when unknown
 */
record PhaseResult(Phase phase, YcsbOutput output, double runningThroughput, String failure, double serverCpuSeconds,
    double clientCpuSeconds) {

  static PhaseResult failed(Phase phase, String failure) {
    return new PhaseResult(phase, null, Double.NaN, failure, Double.NaN, Double.NaN);
  }

  boolean succeeded() {
    return output != null;
  }

  double throughput() {
    return succeeded() ? output.throughput() : Double.NaN;
  }

  /** Returns server CPU seconds per 1,000 operations, NaN when unknown. */
  double serverCpuPerThousandOps() {
    return perThousandOps(serverCpuSeconds);
  }

  /** Returns YCSB client CPU seconds per 1,000 operations, NaN when unknown. */
  double clientCpuPerThousandOps() {
    return perThousandOps(clientCpuSeconds);
  }

  private double perThousandOps(double seconds) {
    if (!succeeded() || output.operationCount() == 0) {
      return Double.NaN;
    }
    return seconds * 1000.0 / output.operationCount();
  }
}
