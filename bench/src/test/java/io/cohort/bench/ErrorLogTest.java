package io.cohort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorLogTest {

  @Test
  void errorLogsFirstThenCounts() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ErrorLog log = new ErrorLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), 3);

    for (int i = 1; i <= 5; i++) {
      log.error("failure " + i);
    }
    log.printSummary();

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(5, log.count());
    assertTrue(output.contains("failure 3"), output);
    assertFalse(output.contains("failure 4"), output);
    assertTrue(output.contains("3 errors logged, so later errors are only counted"), output);
    assertTrue(output.contains("errors in total: 5 (the first 3 are logged above)"), output);
  }

  @Test
  void printSummaryIsSilentWithoutErrors() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ErrorLog log = new ErrorLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), 3);

    log.printSummary();

    assertEquals("", buffer.toString(StandardCharsets.UTF_8));
  }
}
