package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  @Test
  void reportHasMachineCommandAndSettings() {
    String report = ReportBuilder.build(SampleRuns.quickRun());

    assertTrue(report.contains("- Cores (`nproc`): 2\n"), report);
    assertTrue(report.contains("- Memory: 23.4 GiB\n"), report);
    assertTrue(report.contains("openjdk version \"17.0.15\""), report);
    assertTrue(report.contains("```\nbin/cohort bench --quick\n```"), report);
    assertTrue(report.contains("### Redis\n\n- Redis server v=7.0.15.\n"), report);
    assertTrue(report.contains("Thu, 4 Dec 2025 22:00:00 GMT, 380 s in total"), report);
  }

  @Test
  void workloadTableRows() {
    String table = ReportTables.workload(SampleRuns.quickRun(), "a");
    List<String> lines = table.lines().toList();

    assertEquals("| System | Threads | Throughput (ops/s) | While running (ops/s) | READ p50 / p95 / p99 (ms)"
        + " | UPDATE p50 / p95 / p99 (ms) | Errors | Server CPU s / 1k ops | YCSB CPU s / 1k ops |", lines.get(0));
    assertEquals("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", lines.get(1));
    assertEquals(2 + 3 * 2, lines.size());
    // 500 ops/s for 10 s is 5,000 operations; 2 server CPU seconds make 0.400 s per 1,000.
    assertEquals("| Cohort | 1 | 500 | 550 | 0.25 / 0.50 / 1.00 | 0.50 / 1.00 / 2.00 | 2 | 0.400 | 0.200 |", lines.get(2));
    assertEquals("| Redis | 8 | 20,000 | 22,000 | 0.50 / 1.00 / 2.00 | 1.00 / 2.00 / 4.00 | 2 | 0.010 | 0.005 |", lines.get(7));
  }

  @Test
  void peakTableHasRatios() {
    String table = ReportTables.peaks(SampleRuns.quickRun());
    List<String> lines = table.lines().toList();

    assertEquals("| Workload | Cohort peak (ops/s) | Cassandra peak (ops/s) | Redis peak (ops/s) | Cohort / Cassandra"
        + " | Cohort / Redis | Cohort / Cassandra, while running | Cohort / Redis, while running |", lines.get(0));
    assertEquals("| a | 2,000 (8 threads) | 4,000 (8 threads) | 20,000 (8 threads) | 0.50× | 0.10× | 0.50× | 0.10× |",
        lines.get(2));
    assertEquals("| c | 4,000 (8 threads) | 8,000 (8 threads) | 40,000 (8 threads) | 0.50× | 0.10× | 0.50× | 0.10× |",
        lines.get(3));
  }

  @Test
  void peakTableWithoutCohortHasNoRatios() {
    SuiteRun full = SampleRuns.quickRun();
    SuiteRun withoutCohort = new SuiteRun(full.command(),
        SuiteOptions.parse(new String[] {"--quick", "--systems", "redis,cassandra"}), full.machine(), full.started(),
        full.elapsed(), full.workloadDescriptions(), full.settings(), Map.of(), full.results());

    String header = ReportTables.peaks(withoutCohort).lines().findFirst().orElseThrow();

    assertEquals("| Workload | Redis peak (ops/s) | Cassandra peak (ops/s) |", header);
  }

  @Test
  void smallRatiosKeepTwoDigits() {
    assertEquals("0.0036×", Format.ratio(306.0 / 83937.0));
    assertEquals("0.14×", Format.ratio(306.0 / 2170.0));
    assertEquals("3.86×", Format.ratio(589.0 / 152.5));
    assertEquals("n/a", Format.ratio(Double.NaN));
  }

  @Test
  void fixedRateTableShowsIntendedLatency() {
    String table = ReportTables.fixedRate(SampleRuns.quickRun());

    assertTrue(table.contains("| Cohort | a | READ | 2,000 | 2,000 | 0.38 / 0.75 / 1.50 | 11.3 / 22.5 / 45.0 | 0 |"
        + " 0.100 | 0.050 |"), table);
    assertTrue(table.contains("| Cohort | a | UPDATE | 2,000 | 2,000 | 0.75 / 1.50 / 3.00 | n/a | 2 |  |  |"), table);
  }

  @Test
  void reportLinksChartsPerWorkload() {
    String report = ReportBuilder.build(SampleRuns.quickRun());

    assertTrue(report.contains("![Throughput of workload a](throughput-a.svg)"), report);
    assertTrue(report.contains("![p99 latency of workload c](p99-c.svg)"), report);
    assertFalse(report.contains("## Failures"), report);
  }

  @Test
  void failuresAreListed() {
    SuiteRun sample = SampleRuns.quickRun();
    List<PhaseResult> results = new ArrayList<>(sample.results());
    Phase failedPhase = Phase.run(SystemKind.CASSANDRA, "a", 1);
    results.removeIf(result -> result.phase().equals(failedPhase));
    results.add(PhaseResult.failed(failedPhase, "YCSB exited with status 1"));
    SuiteRun run = new SuiteRun(sample.command(), sample.options(), sample.machine(), sample.started(),
        sample.elapsed(), sample.workloadDescriptions(), sample.settings(),
        Map.of(SystemKind.REDIS, "redis-server --version failed"), results);

    String report = ReportBuilder.build(run);

    assertTrue(report.contains("- Phase `cassandra-a-t1`: YCSB exited with status 1\n"), report);
    assertTrue(report.contains("- Redis: redis-server --version failed\n"), report);
    assertTrue(report.contains("- **Not benchmarked:** redis-server --version failed\n"), report);
    assertTrue(ReportTables.workload(run, "a").contains("| Cassandra | 1 | failed | n/a | n/a | n/a | n/a | n/a | n/a |"));
  }

  @Test
  void chartsPerWorkload() {
    Map<String, String> charts = ReportCharts.build(SampleRuns.quickRun());

    assertEquals(List.of("p99-a.svg", "p99-c.svg", "throughput-a.svg", "throughput-c.svg"),
        List.copyOf(charts.keySet()));
  }

  @Test
  void p99ChartUsesSlowestOperation() {
    PhaseResult result = SampleRuns.quickRun().run(SystemKind.COHORT, "a", 8).orElseThrow();

    assertEquals(4.0, ReportCharts.highestP99Millis(result));
  }
}
