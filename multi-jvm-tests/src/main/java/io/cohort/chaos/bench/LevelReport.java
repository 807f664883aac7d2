package io.cohort.chaos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown of the level benchmark: the settings, one table row per level and thread count, and the errors. */
final class LevelReport {
  private static final int SAMPLE_CHARS = 300;

  private LevelReport() {}

  static String header(LevelOptions options, String loadAverage) {
    return "# Write latency per consistency level, " + LocalDate.now() + "\n\n"
        + "Three Cassandra nodes (RF 3) and three Cohort nodes on loopback. Per level and thread count, "
        + options.writes() + " writes of a " + options.valueBytes() + "-byte JSON body to keys drawn at random from "
        + options.keys() + " keys, sent to node 1 and node 2 in turn, split over " + options.rounds()
        + " rounds that rotate the order of the levels. Before the first pass, unrecorded writes per level with "
        + options.maxThreads() + " threads: one to each of the " + options.keys() + " keys, then "
        + options.warmup() + " to random keys. Latency is the time of the"
        + " blocking HTTP PUT in the client, over the successful writes. Ops/s is successful writes per"
        + " second of the summed phase wall time. Load average before the run: " + loadAverage + ".\n\n";
  }

  static String table(List<LatencySummary> summaries, Map<LevelTarget, JsonNode> views) {
    StringBuilder table = new StringBuilder("| Level | Journal write | Partitions | Threads | Writes ok / sent |"
        + " Ops/s | Mean (ms) | p50 (ms) | p95 (ms) | p99 (ms) | Max (ms) | Errors |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LatencySummary s : summaries) {
      JsonNode view = views.get(s.target());
      table.append("| ").append(s.target().label())
          .append(" | ").append(view.path("writeConsistency").asText("unknown"))
          .append(" | ").append(view.path("partitions").asText("unknown"))
          .append(" | ").append(s.threads())
          .append(" | ").append(s.ok()).append(" / ").append(s.sent()).append(notSent(s))
          .append(" | ").append(String.format(Locale.ROOT, "%.0f", s.opsPerSecond()))
          .append(" | ").append(millis(s.meanMillis()))
          .append(" | ").append(millis(s.p50Millis()))
          .append(" | ").append(millis(s.p95Millis()))
          .append(" | ").append(millis(s.p99Millis()))
          .append(" | ").append(millis(s.maxMillis()))
          .append(" | ").append(errors(s.errors()))
          .append(" |\n");
    }
    return table.toString();
  }

  /** Lists the first response per error status of each row, or states that there were none. */
  static String errorSamples(List<LatencySummary> summaries, int warmupErrors) {
    StringBuilder text = new StringBuilder("\nWarm-up errors: " + warmupErrors + ".\n");
    boolean any = false;
    for (LatencySummary s : summaries) {
      for (Map.Entry<Integer, String> sample : s.errorSamples().entrySet()) {
        if (!any) {
          text.append("\nFirst error response per level, thread count and status:\n\n");
          any = true;
        }
        text.append("- ").append(s.target().label()).append(", ").append(s.threads()).append(" threads, ")
            .append(statusName(sample.getKey())).append(": `").append(shorten(sample.getValue())).append("`\n");
      }
    }
    if (!any) {
      text.append("\nNo measured write failed.\n");
    }
    return text.toString();
  }

  static String errors(Map<Integer, Integer> errors) {
    int total = errors.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return "0";
    }
    return total + " (" + errors.entrySet().stream()
        .map(entry -> statusName(entry.getKey()) + ": " + entry.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String notSent(LatencySummary s) {
    return s.sent() < s.planned() ? " (" + (s.planned() - s.sent()) + " not sent: time bound)" : "";
  }

  private static String statusName(int status) {
    return status == 0 ? "no response" : Integer.toString(status);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String shorten(String body) {
    String oneLine = body.replace('\n', ' ').replace('`', '\'');
    return oneLine.length() <= SAMPLE_CHARS ? oneLine : oneLine.substring(0, SAMPLE_CHARS) + "...";
  }
}
