package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Parses output captured from real YCSB 0.17.0 runs with {@code site.ycsb.BasicDB}, YCSB's own test binding,
 * through {@code bench/ycsb.sh} and the suite's {@code times} wrapper.
 */
class YcsbOutputParserTest {

  static String resource(String name) throws IOException {
    try (InputStream in = YcsbOutputParserTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("test resource " + name + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void runPhaseOverallAndOperations() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("basicdb-workloadf-run.out"));

    assertEquals(5014, output.runtimeMillis());
    assertEquals(4405.863581970482, output.throughput(), 1e-9);
    assertEquals(22091, output.operationCount());
    assertEquals(List.of("READ", "UPDATE", "READ-MODIFY-WRITE"), output.measuredOperations());
    OperationStats read = output.operation("READ").orElseThrow();
    assertEquals(22091, read.count());
    assertEquals(1017, read.p50());
    assertEquals(Map.of("OK", 22091L), read.returns());
    assertEquals(0, output.errors());
  }

  @Test
  void runPhaseSkipsCleanupAndGcLines() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("basicdb-workloadf-run.out"));

    assertFalse(output.operations().containsKey("CLEANUP"));
    assertTrue(output.operations().keySet().stream().noneMatch(name -> name.startsWith("TOTAL_GC")));
  }

  @Test
  void readModifyWriteHasNoStatusCounts() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("basicdb-workloadf-run.out"));

    OperationStats readModifyWrite = output.operation("READ-MODIFY-WRITE").orElseThrow();
    assertEquals(11117, readModifyWrite.count());
    assertEquals(2645, readModifyWrite.p99());
    assertTrue(readModifyWrite.returns().isEmpty());
  }

  @Test
  void fixedRatePhaseHasIntendedLatencies() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("basicdb-workloada-fixed-rate.out"));

    assertEquals(1983.1627599867943, output.throughput(), 1e-9);
    assertEquals(List.of("READ", "UPDATE"), output.measuredOperations());
    OperationStats intendedRead = output.operation("Intended-READ").orElseThrow();
    assertTrue(intendedRead.isIntended());
    assertEquals(3013, intendedRead.count());
    assertEquals(1619, intendedRead.p50());
    assertEquals(3247, intendedRead.p95());
    assertEquals(15127, intendedRead.p99());
    assertEquals(4195, output.operation("READ").orElseThrow().p99());
    assertFalse(output.operations().containsKey("Intended-CLEANUP"));
  }

  @Test
  void loadPhaseHasInserts() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("basicdb-load.out"));

    assertEquals(List.of("INSERT"), output.measuredOperations());
    assertEquals(1000, output.operation("INSERT").orElseThrow().count());
    assertEquals(1000, output.operationCount());
  }

  /** Captured from the Redis binding against an empty Redis, so reads of keys not yet updated fail. */
  @Test
  void failedReadsAreErrors() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("redis-workloada-not-loaded.out"));

    OperationStats read = output.operation("READ").orElseThrow();
    assertEquals(Map.of("OK", 43496L, "NOT_FOUND", 991L), read.returns());
    assertEquals(991, read.errors());
    assertEquals(991, output.errors());
    assertEquals(107, read.p99());
  }

  @Test
  void failedSectionIsNotAnOperationColumn() throws IOException {
    YcsbOutput output = YcsbOutputParser.parse(resource("redis-workloada-not-loaded.out"));

    assertEquals(List.of("READ", "UPDATE"), output.measuredOperations());
    assertEquals(991, output.operation("READ-FAILED").orElseThrow().count());
    assertEquals(406, output.operation("READ-FAILED").orElseThrow().p99());
  }

  @Test
  void errorsCountEveryStatusButOk() {
    String stdout = """
        [OVERALL], RunTime(ms), 2000
        [OVERALL], Throughput(ops/sec), 50.0
        [READ], Operations, 60
        [READ], 99thPercentileLatency(us), 900
        [READ], Return=OK, 50
        [READ], Return=NOT_FOUND, 7
        [UPDATE], Operations, 40
        [UPDATE], Return=OK, 37
        [UPDATE], Return=ERROR, 3
        """;

    YcsbOutput output = YcsbOutputParser.parse(stdout);

    assertEquals(7, output.operation("READ").orElseThrow().errors());
    assertEquals(3, output.operation("UPDATE").orElseThrow().errors());
    assertEquals(10, output.errors());
    assertTrue(Double.isNaN(output.operation("UPDATE").orElseThrow().p99()));
  }

  @Test
  void outputWithoutOverallIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> YcsbOutputParser.parse("YCSB Client 0.17.0\nError initializing datastore bindings.\n"));

    assertTrue(error.getMessage().contains("[OVERALL]"), error.getMessage());
  }

  @Test
  void childCpuFromTimesOutput() throws IOException {
    OptionalDouble cpu = YcsbOutputParser.parseChildCpuSeconds(resource("basicdb-workloadf-run.err"));

    assertEquals(0.898 + 0.128, cpu.orElseThrow(), 1e-9);
  }

  @Test
  void runningThroughputFromStatusLines() throws IOException {
    // The window starts at the first status line with operations: 344 at 23:04:32.455. It ends at the last
    // full second, 22047 at 23:04:37.056, because the stop cut short the second that ends at 23:04:37.071.
    OptionalDouble running = YcsbOutputParser.parseRunningThroughput(resource("basicdb-workloadf-run.err"));

    assertEquals((22047 - 344) / 4.601, running.orElseThrow(), 1e-6);
  }

  @Test
  void runningThroughputSkipsInitAndCleanup() {
    String stderr = """
        2026-12-04 23:03:13:000 0 sec: 0 operations; est completion in 0 second
        2026-12-04 23:03:14:000 1 sec: 0 operations; est completion in 0 second
        2026-12-04 23:03:15:000 2 sec: 100 operations; 100 current ops/sec
        2026-12-04 23:03:16:000 3 sec: 300 operations; 200 current ops/sec
        2026-12-04 23:03:17:000 4 sec: 500 operations; 200 current ops/sec
        2026-12-04 23:03:18:000 5 sec: 550 operations; 50 current ops/sec
        2026-12-04 23:03:19:000 6 sec: 550 operations; 0 current ops/sec
        2026-12-04 23:03:20:500 7 sec: 550 operations; 0 current ops/sec
        """;

    assertEquals(200, YcsbOutputParser.parseRunningThroughput(stderr).orElseThrow(), 1e-9);
  }

  @Test
  void runningThroughputNeedsTwoFullIntervals() {
    String stderr = """
        2026-12-04 23:03:13:000 0 sec: 0 operations; est completion in 0 second
        2026-12-04 23:03:19:000 6 sec: 936 operations; 152.49 current ops/sec
        """;

    assertTrue(YcsbOutputParser.parseRunningThroughput(stderr).isEmpty());
  }

  @Test
  void childCpuCountsMinutes() {
    OptionalDouble cpu = YcsbOutputParser.parseChildCpuSeconds("log line\n0m0.010s 0m0.000s\n2m1.500s 0m0,250s\n");

    assertEquals(121.75, cpu.orElseThrow(), 1e-9);
  }

  @Test
  void childCpuMissingWithoutTimes() {
    assertTrue(YcsbOutputParser.parseChildCpuSeconds("YCSB Client 0.17.0\n").isEmpty());
  }
}
