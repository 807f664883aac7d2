package io.cohort.chaos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cohort.chaos.bench.WriteWindow.Attempt;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteWindowTest {
  private static final long FAULT = 1_000;

  @Test
  void crashWindowEndsAtFirstSuccess() {
    List<Attempt> attempts = List.of(
        new Attempt(900, 990, true),
        new Attempt(1_050, 2_050, false),
        new Attempt(2_150, 3_150, false),
        new Attempt(3_250, 3_300, true),
        new Attempt(3_400, 3_420, true));
    assertEquals(2_300, WriteWindow.nanos(attempts, FAULT));
  }

  @Test
  void laterStallCounts() {
    List<Attempt> attempts = List.of(
        new Attempt(1_010, 1_030, true),
        new Attempt(1_130, 2_130, false),
        new Attempt(2_230, 2_260, true));
    assertEquals(1_130, WriteWindow.nanos(attempts, FAULT), "from the failed write's start to the next success");
  }

  @Test
  void slowSuccessCountsItsLatency() {
    List<Attempt> attempts = List.of(
        new Attempt(1_010, 1_020, true),
        new Attempt(1_120, 1_900, true));
    assertEquals(780, WriteWindow.nanos(attempts, FAULT));
  }

  @Test
  void noSuccessHasNoWindow() {
    List<Attempt> attempts = List.of(new Attempt(900, 950, true), new Attempt(1_050, 2_050, false));
    assertEquals(-1, WriteWindow.nanos(attempts, FAULT));
  }

  @Test
  void trailingFailuresLeftOut() {
    List<Attempt> attempts = List.of(new Attempt(1_020, 1_040, true), new Attempt(1_140, 2_140, false));
    assertEquals(40, WriteWindow.nanos(attempts, FAULT));
  }
}
