package io.cohort.chaos.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcome of one {@link WritePhase}.
 *
 * @param okLatencies latencies in nanoseconds of the writes that returned a 2xx status
 * @param errors count of the other writes by status, where status 0 means no response (a timeout or a
 *     connection failure)
 * @param errorSamples the first response body or exception text per error status
 * @param planned writes the phase was to send
 * @param sent writes sent before the phase's time bound
 * @param elapsedNanos wall time of the phase
 */
record PhaseResult(long[] okLatencies, Map<Integer, Integer> errors, Map<Integer, String> errorSamples,
    int planned, int sent, long elapsedNanos) {

  static PhaseResult of(long[] latencies, int[] statuses, int sent, long elapsedNanos,
      Map<Integer, String> errorSamples) {
    long[] ok = new long[sent];
    int okCount = 0;
    Map<Integer, Integer> errors = new TreeMap<>();
    for (int i = 0; i < sent; i++) {
      if (statuses[i] >= 200 && statuses[i] < 300) {
        ok[okCount++] = latencies[i];
      } else {
        errors.merge(statuses[i], 1, Integer::sum);
      }
    }
    return new PhaseResult(Arrays.copyOf(ok, okCount), errors, new TreeMap<>(errorSamples), latencies.length,
        sent, elapsedNanos);
  }

  int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }
}
