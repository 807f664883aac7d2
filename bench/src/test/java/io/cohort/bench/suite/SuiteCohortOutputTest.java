package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the lines that bin/cohort local printed in a real start, copied from its log. */
class SuiteCohortOutputTest {
  private static final List<String> LINES = List.of(
      "cohort local: starting Cassandra on 127.0.0.1:9042 (data in /work/main/work/bench/cohort/cassandra)",
      "23:19:06.594 INFO  i.c.p.CassandraLauncher - Started Cassandra pid 4456 for 127.0.0.1:9042 in"
          + " /work/main/work/bench/cohort/cassandra; waiting up to 180 s for CQL",
      "cohort local: Cassandra 5.0.6 is up (pid 4456)",
      "cohort local: started node-1 (pid 4527, HTTP port 8081)",
      "cohort local: started node-2 (pid 4529, HTTP port 8082)",
      "cohort local: started node-3 (pid 4532, HTTP port 8083)",
      "cohort local: node-1 is ready at http://127.0.0.1:8081 (pid 4527)",
      "cohort local: node-2 is ready at http://127.0.0.1:8082 (pid 4529)",
      "cohort local: node-3 is ready at http://127.0.0.1:8083 (pid 4532)",
      "cohort local: cluster of 3 nodes ready in 18.6 s; logs under /work/main/work/bench/cohort; press Ctrl-C to"
          + " stop");

  private static CohortSystem cohort() {
    return new CohortSystem(Path.of("/repo"), List.of("a.b=1"), Path.of("/tmp/cohort-local.log"),
        new ProcessTracker());
  }

  @Test
  void serverProcessesFromOutput() {
    CohortSystem cohort = cohort();

    LINES.forEach(cohort::parseLine);

    assertEquals(List.of(new SystemUnderTest.ServerProcess("Cassandra", 4456),
        new SystemUnderTest.ServerProcess("node-1", 4527), new SystemUnderTest.ServerProcess("node-2", 4529),
        new SystemUnderTest.ServerProcess("node-3", 4532)), cohort.serverProcesses());
  }

  @Test
  void endpointsFromOutput() {
    CohortSystem cohort = cohort();

    LINES.forEach(cohort::parseLine);

    assertEquals(Map.of("cohort.endpoints", "http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083"),
        cohort.bindingProperties());
  }

  @Test
  void readyOnlyAfterClusterLine() {
    CohortSystem cohort = cohort();

    LINES.subList(0, LINES.size() - 1).forEach(cohort::parseLine);
    assertFalse(cohort.isReady());

    cohort.parseLine(LINES.get(LINES.size() - 1));
    assertTrue(cohort.isReady());
  }

  @Test
  void commandPassesSettings() {
    assertEquals(List.of("bin/cohort", "local", "--dir", "work/bench/cohort", "--set", "a.b=1"), cohort().command());
  }
}
