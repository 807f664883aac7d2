package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatParseTest {

  @Test
  void ownAndWaitedChildrenTime() {
    // A /proc/PID/stat line of a Java process, shortened after field 20.
    String stat = "19409 (java) S 19334 19334 1203 0 -1 1077936384 123 0 4 0 1520 311 2 1 20 0 52";

    assertEquals(1520 + 311 + 2 + 1, ProcCpu.parseStatTicks(stat));
  }

  @Test
  void commandNameWithSpacesAndParentheses() {
    String stat = "42 (my (odd) name) R 1 42 42 0 -1 4194304 10 0 0 0 7 3 5 0 20 0 1";

    assertEquals(15, ProcCpu.parseStatTicks(stat));
  }

  @Test
  void truncatedLineIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> ProcCpu.parseStatTicks("42 (java) S 1 2 3"));
    assertThrows(IllegalArgumentException.class,
        () -> ProcCpu.parseStatTicks("42 (java) S 1 42 42 0 -1 4194304 10 0 0 0 7 3 5"));
  }

  @Test
  void ownProcessIsReadable() {
    double seconds = ProcCpu.create().cpuSeconds(ProcessHandle.current().pid()).orElseThrow();

    assertTrue(seconds > 0, "CPU seconds of the test JVM: " + seconds);
  }

  @Test
  void exitedProcessIsEmpty() {
    assertTrue(ProcCpu.create().cpuSeconds(Long.MAX_VALUE).isEmpty());
  }
}
