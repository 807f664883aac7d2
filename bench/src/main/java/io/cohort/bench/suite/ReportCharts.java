package io.cohort.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the report's SVG plots: throughput and p99 latency over client threads, one line per system. */
final class ReportCharts {
  private ReportCharts() {}

  /** Returns the SVG documents by file name, two per workload. */
  static Map<String, String> build(SuiteRun run) {
    Map<String, String> charts = new TreeMap<>();
    for (String workload : run.options().workloads()) {
      charts.put("throughput-" + workload + ".svg", throughput(run, workload));
      charts.put("p99-" + workload + ".svg", p99(run, workload));
    }
    return charts;
  }

  static String throughput(SuiteRun run, String workload) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    for (SystemKind system : run.options().systems()) {
      List<Double> values = new ArrayList<>();
      for (int threads : run.options().threads()) {
        values.add(run.run(system, workload, threads).map(PhaseResult::throughput).orElse(Double.NaN));
      }
      series.add(new SvgLineChart.Series(system.displayName(), values));
    }
    // A log scale keeps systems that differ by orders of magnitude, such as Redis and Cassandra, readable.
    return chart("Workload " + workload + ": throughput", "Throughput (operations/s, log scale)", true, run)
        .render(series);
  }

  /** Plots the highest p99 among the workload's operations, so a slow update is not hidden by fast reads. */
  static String p99(SuiteRun run, String workload) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    for (SystemKind system : run.options().systems()) {
      List<Double> values = new ArrayList<>();
      for (int threads : run.options().threads()) {
        values.add(run.run(system, workload, threads).map(ReportCharts::highestP99Millis).orElse(Double.NaN));
      }
      series.add(new SvgLineChart.Series(system.displayName(), values));
    }
    return chart("Workload " + workload + ": p99 latency of the slowest operation", "p99 latency (ms, log scale)",
        true, run).render(series);
  }

  static double highestP99Millis(PhaseResult result) {
    if (!result.succeeded()) {
      return Double.NaN;
    }
    double highest = Double.NaN;
    for (String name : result.output().measuredOperations()) {
      double p99 = result.output().operations().get(name).p99();
      if (Double.isFinite(p99) && (Double.isNaN(highest) || p99 > highest)) {
        highest = p99;
      }
    }
    return highest / 1000.0;
  }

  private static SvgLineChart chart(String title, String yLabel, boolean logY, SuiteRun run) {
    List<String> categories = run.options().threads().stream().map(String::valueOf).toList();
    return new SvgLineChart(title, "YCSB client threads", yLabel, categories, logY);
  }
}
