package io.cohort.bench.suite;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the summary lines that YCSB 0.17.0 prints to stdout, such as {@code [READ], 99thPercentileLatency(us),
 * 4195}, and the CPU times that bash's {@code times} builtin prints after the YCSB process exits.
 */
final class YcsbOutputParser {

  private static final Pattern SUMMARY_LINE = Pattern.compile("^\\[([^\\]]+)\\], ([^,]+), (.+)$");
  private static final Pattern PERCENTILE = Pattern.compile("^(\\d+(?:\\.\\d+)?)(?:th)?PercentileLatency\\(us\\)$");
  /** One line of {@code times}: user and system time, such as {@code 0m3.112s 0m0.183s}. */
  private static final Pattern TIMES_LINE =
      Pattern.compile("^(\\d+)m(\\d+[.,]?\\d*)s (\\d+)m(\\d+[.,]?\\d*)s$");

  /** A status line of {@code -s}, such as {@code 2026-12-04 23:01:41:199 4 sec: 279 operations; ...}. */
  private static final Pattern STATUS_LINE =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3}) \\d+ sec: (\\d+) operations;");
  private static final DateTimeFormatter STATUS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss:SSS");

  private YcsbOutputParser() {}

  /**
   * Parses YCSB's stdout.
   *
   * @throws IllegalArgumentException when the output has no {@code [OVERALL]} run time and throughput, which
   *     means that the phase failed before it finished
   */
  static YcsbOutput parse(String stdout) {
    double runtime = Double.NaN;
    double throughput = Double.NaN;
    Map<String, OperationFields> fields = new LinkedHashMap<>();
    for (String line : stdout.split("\\R")) {
      Matcher matcher = SUMMARY_LINE.matcher(line.trim());
      if (!matcher.matches()) {
        continue;
      }
      String section = matcher.group(1);
      String metric = matcher.group(2);
      String value = matcher.group(3).trim();
      if (section.equals("OVERALL")) {
        if (metric.equals("RunTime(ms)")) {
          runtime = parseNumber(line, value);
        } else if (metric.equals("Throughput(ops/sec)")) {
          throughput = parseNumber(line, value);
        }
      } else if (!section.startsWith("TOTAL_GC") && !section.endsWith("CLEANUP")) {
        fields.computeIfAbsent(section, name -> new OperationFields()).add(line, metric, value);
      }
    }
    if (Double.isNaN(runtime) || Double.isNaN(throughput)) {
      throw new IllegalArgumentException("the YCSB output has no [OVERALL] RunTime(ms) and Throughput(ops/sec)"
          + " lines, so the phase did not finish");
    }
    Map<String, OperationStats> operations = new HashMap<>();
    fields.forEach((name, collected) -> operations.put(name, collected.toStats(name)));
    return new YcsbOutput(runtime, throughput, operations);
  }

  /**
   * Returns the user plus system CPU seconds of the children of the shell, from the last two lines that
   * {@code times} printed: the first is the shell's own time, the second its children's.
   */
  static OptionalDouble parseChildCpuSeconds(String stderr) {
    String[] lines = stderr.split("\\R");
    for (int i = lines.length - 1; i >= 1; i--) {
      Matcher children = TIMES_LINE.matcher(lines[i].trim());
      if (children.matches() && TIMES_LINE.matcher(lines[i - 1].trim()).matches()) {
        return OptionalDouble.of(seconds(children.group(1), children.group(2))
            + seconds(children.group(3), children.group(4)));
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * Returns operations per second while the client threads ran operations, from the status lines that YCSB
   * prints to stderr with {@code -s}. YCSB's own throughput divides by a run time that also contains each
   * thread's binding init and cleanup, such as opening and closing a driver session. This one starts at the
   * first status line that counts operations and ends at the last line after which the count still grew, so
   * it spans only full status intervals with operations running. Returns empty when fewer than two such
   * lines exist.
   */
  static OptionalDouble parseRunningThroughput(String stderr) {
    List<LocalDateTime> times = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (String line : stderr.split("\\R")) {
      Matcher status = STATUS_LINE.matcher(line);
      if (status.find()) {
        times.add(LocalDateTime.parse(status.group(1), STATUS_TIME));
        counts.add(Long.parseLong(status.group(2)));
      }
    }
    int first = 0;
    while (first < counts.size() && counts.get(first) == 0) {
      first++;
    }
    int lastGrowth = counts.size() - 1;
    while (lastGrowth > first && counts.get(lastGrowth) <= counts.get(lastGrowth - 1)) {
      lastGrowth--;
    }
    // The interval that ends at lastGrowth may have been cut short by the stop, so the window ends before it.
    int last = lastGrowth - 1;
    if (first >= counts.size() || last <= first) {
      return OptionalDouble.empty();
    }
    double seconds = Duration.between(times.get(first), times.get(last)).toNanos() / 1e9;
    return seconds <= 0 ? OptionalDouble.empty() : OptionalDouble.of((counts.get(last) - counts.get(first)) / seconds);
  }

  private static double seconds(String minutes, String seconds) {
    return Long.parseLong(minutes) * 60 + Double.parseDouble(seconds.replace(',', '.'));
  }

  private static double parseNumber(String line, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid number in YCSB output line: " + line, e);
    }
  }

  /** The lines of one operation, collected until the whole output is read. */
  private static final class OperationFields {
    long count;
    final Map<Double, Double> percentiles = new HashMap<>();
    final Map<String, Long> returns = new LinkedHashMap<>();

    void add(String line, String metric, String value) {
      if (metric.equals("Operations")) {
        count = (long) parseNumber(line, value);
      } else if (metric.startsWith("Return=")) {
        returns.merge(metric.substring("Return=".length()), (long) parseNumber(line, value), Long::sum);
      } else {
        Matcher percentile = PERCENTILE.matcher(metric);
        if (percentile.matches()) {
          percentiles.put(Double.parseDouble(percentile.group(1)), parseNumber(line, value));
        }
      }
    }

    OperationStats toStats(String name) {
      return new OperationStats(name, count, percentiles.getOrDefault(50.0, Double.NaN),
          percentiles.getOrDefault(95.0, Double.NaN), percentiles.getOrDefault(99.0, Double.NaN), returns);
    }
  }
}
