package io.cohort.chaos.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of one row and thread count over all rounds. Latency figures cover the successful writes only,
 * and the errors are counted apart. Throughput is successful writes per second of the phases' summed wall
 * time. Percentiles use the nearest-rank method.
 */
record LatencySummary(LevelTarget target, int threads, int planned, int sent, int ok, double opsPerSecond,
    double meanMillis, double p50Millis, double p95Millis, double p99Millis, double maxMillis,
    Map<Integer, Integer> errors, Map<Integer, String> errorSamples) {

  static LatencySummary of(LevelTarget target, int threads, List<PhaseResult> phases) {
    long[] all = phases.stream().flatMapToLong(phase -> Arrays.stream(phase.okLatencies())).sorted().toArray();
    long elapsed = phases.stream().mapToLong(PhaseResult::elapsedNanos).sum();
    Map<Integer, Integer> errors = new TreeMap<>();
    Map<Integer, String> samples = new TreeMap<>();
    for (PhaseResult phase : phases) {
      phase.errors().forEach((status, count) -> errors.merge(status, count, Integer::sum));
      phase.errorSamples().forEach(samples::putIfAbsent);
    }
    double mean = all.length == 0 ? Double.NaN : Arrays.stream(all).average().orElseThrow() / 1e6;
    return new LatencySummary(target, threads, phases.stream().mapToInt(PhaseResult::planned).sum(),
        phases.stream().mapToInt(PhaseResult::sent).sum(), all.length, all.length / (elapsed / 1e9), mean,
        percentile(all, 50), percentile(all, 95), percentile(all, 99),
        all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, errors, samples);
  }

  int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Returns the nearest-rank percentile of {@code sorted} nanoseconds in milliseconds, NaN when empty. */
  static double percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
