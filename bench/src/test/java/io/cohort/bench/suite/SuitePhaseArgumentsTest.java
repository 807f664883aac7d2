package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the bench/ycsb.sh arguments and time bounds that the suite uses for each kind of phase. */
class SuitePhaseArgumentsTest {
  private final SuiteOptions options = SuiteOptions.parse(new String[] {"--records", "2000", "--seconds", "7"});
  private final YcsbRunner runner = new YcsbRunner(Path.of("."), Path.of("raw"), options, new ProcessTracker(), null);

  @Test
  void loadPhase() {
    List<String> arguments = runner.arguments(Phase.load(SystemKind.REDIS, "a", 8),
        Map.of("redis.endpoint", "127.0.0.1:6379"));

    assertEquals(List.of("load", "-db", "io.cohort.bench.redis.RedisYcsbClient", "-P", "bench/workloads/workloada",
        "-p", "recordcount=2000", "-threads", "8", "-s", "-p", "status.interval=1", "-p", "measurementtype=hdrhistogram",
        "-p", "hdrhistogram.percentiles=50,95,99", "-p", "redis.endpoint=127.0.0.1:6379"), arguments);
  }

  @Test
  void runPhase() {
    List<String> arguments = runner.arguments(Phase.run(SystemKind.COHORT, "f", 32),
        Map.of("cohort.endpoints", "http://127.0.0.1:8081"));

    assertEquals(List.of("run", "-db", "io.cohort.bench.CohortYcsbClient", "-P", "bench/workloads/workloadf",
        "-p", "recordcount=2000", "-threads", "32", "-s", "-p", "status.interval=1",
        "-p", "operationcount=1000000000", "-p", "maxexecutiontime=7", "-p", "measurementtype=hdrhistogram",
        "-p", "hdrhistogram.percentiles=50,95,99",
        "-p", "cohort.endpoints=http://127.0.0.1:8081"), arguments);
  }

  @Test
  void fixedRatePhaseSortsBindingProperties() {
    List<String> arguments = runner.arguments(Phase.fixedRate(SystemKind.CASSANDRA, "c", 32, 1234),
        Map.of("cassandra.keyspace", "ycsb", "cassandra.contact-point", "127.0.0.1:9042"));

    assertEquals(List.of("run", "-db", "io.cohort.bench.cassandra.CassandraYcsbClient", "-P",
        "bench/workloads/workloadc", "-p", "recordcount=2000", "-threads", "32", "-s", "-p", "status.interval=1",
        "-p", "operationcount=1000000000", "-p", "maxexecutiontime=7", "-target", "1234", "-p", "measurement.interval=both",
        "-p", "measurementtype=hdrhistogram", "-p", "hdrhistogram.percentiles=50,95,99",
        "-p", "cassandra.contact-point=127.0.0.1:9042", "-p", "cassandra.keyspace=ycsb"), arguments);
  }

  @Test
  void phaseFileNames() {
    assertEquals("cohort-load", Phase.load(SystemKind.COHORT, "a", 8).fileName());
    assertEquals("redis-c-t64", Phase.run(SystemKind.REDIS, "c", 64).fileName());
    assertEquals("cassandra-f-fixed", Phase.fixedRate(SystemKind.CASSANDRA, "f", 32, 10).fileName());
  }

  @Test
  void timeouts() {
    assertEquals(Duration.ofSeconds(180 + 7), runner.timeout(Phase.run(SystemKind.COHORT, "a", 1)));
    assertEquals(Duration.ofSeconds(180 + 20), runner.timeout(Phase.load(SystemKind.COHORT, "a", 8)));
  }
}
