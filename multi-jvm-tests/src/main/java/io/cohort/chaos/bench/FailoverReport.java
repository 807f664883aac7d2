package io.cohort.chaos.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Markdown of failover windows: per run, and the median and maximum over all probed partitions. */
final class FailoverReport {
  private FailoverReport() {}

  static String header(FailoverOptions options) {
    return "# Failover windows, " + LocalDate.now() + "\n\n"
        + "Fault: " + (options.fault().equals("kill") ? "`kill -9`" : "graceful leave (SIGTERM)")
        + " of node 2 or 3 of three, alternating; " + options.sample() + " of its partitions probed through node 1"
        + " with a write every " + PartitionProber.INTERVAL.toMillis() + " ms (" + PartitionProber.TIMEOUT.toMillis()
        + " ms timeout); " + options.runs() + " runs per profile. A partition's window is the longest of three"
        + " spans. The first runs from the fault to its first successful write, the second from the start of a"
        + " failed write to the completion of the next successful one, and the third is the latency of a"
        + " successful write.\n\n";
  }

  static String section(FailoverProfile profile, FailoverOptions options, List<List<Long>> runs) {
    List<Long> all = new ArrayList<>();
    StringBuilder runRows = new StringBuilder("| Run | Median (s) | Max (s) |\n|---|---|---|\n");
    for (int i = 0; i < runs.size(); i++) {
      all.addAll(runs.get(i));
      runRows.append("| ").append(i + 1).append(" | ").append(seconds(median(runs.get(i))))
          .append(" | ").append(seconds(Collections.max(runs.get(i)))).append(" |\n");
    }
    return "## Profile `" + profile.label() + "`\n\n"
        + (profile.settings().isEmpty() ? "Cohort's defaults.\n\n" : "Settings: `" + String.join("`, `", profile.settings()) + "`\n\n")
        + "Over " + all.size() + " partition windows: median **" + seconds(median(all)) + " s**, maximum **"
        + seconds(Collections.max(all)) + " s**.\n\n" + runRows + "\n";
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
