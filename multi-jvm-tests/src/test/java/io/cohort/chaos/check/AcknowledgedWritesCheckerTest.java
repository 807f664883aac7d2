package io.cohort.chaos.check;

import static io.cohort.chaos.HistoryBuilder.ABSENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.HistoryBuilder;
import io.cohort.chaos.check.AcknowledgedWritesChecker.Result;
import io.cohort.chaos.check.AcknowledgedWritesChecker.Violation;
import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcknowledgedWritesCheckerTest {
  private final AcknowledgedWritesChecker checker = new AcknowledgedWritesChecker();

  private Result check(HistoryBuilder history, String finalValue) {
    return checker.check(history.build(), Map.of("k", Optional.ofNullable(finalValue)));
  }

  private static void assertPassed(Result result) {
    assertTrue(result.passed(), result::explanation);
  }

  private static Violation assertOneViolation(Result result) {
    assertEquals(1, result.violations().size(), result::explanation);
    return result.violations().get(0);
  }

  private static List<Integer> ids(List<Operation> operations) {
    return operations.stream().map(Operation::id).toList();
  }

  private static HistoryBuilder singleWriter() {
    return new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30)
        .read(2, "b", 35, 40);
  }

  @Test
  void singleWriterLastAcknowledgedWriteVisible() {
    assertPassed(check(singleWriter(), "b"));
  }

  @Test
  void singleWriterOlderValueIsLost() {
    Violation violation = assertOneViolation(check(singleWriter(), "a"));

    assertEquals("k", violation.key());
    assertEquals(Optional.of("a"), violation.finalValue());
    assertEquals(List.of(1), ids(violation.lostWrites()));
    assertEquals(Set.of(Optional.of("b")), violation.acceptableValues());
    assertTrue(violation.explanation().contains("superseded"), violation::explanation);
  }

  @Test
  void singleWriterAbsentIsLost() {
    Violation violation = assertOneViolation(check(singleWriter(), ABSENT));

    assertEquals(List.of(1), ids(violation.lostWrites()));
    assertTrue(violation.explanation().contains("absent although"), violation::explanation);
  }

  @Test
  void singleWriterLaterUnknownMayReplace() {
    HistoryBuilder history = singleWriter().writeUnknown(1, "c", 50);

    assertPassed(check(history, "b"));
    assertPassed(check(history, "c"));
    assertOneViolation(check(history, "a"));
  }

  @Test
  void earlierUnknownWriteMayLandLast() {
    // The timed-out request for "a" may still be applied after the acknowledged "b".
    HistoryBuilder history = new HistoryBuilder()
        .writeUnknown(1, "a", 0)
        .write(1, "b", 20, 30);

    assertPassed(check(history, "a"));
    assertPassed(check(history, "b"));
  }

  @Test
  void failedWritesHaveNoEffect() {
    HistoryBuilder history = new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30, Outcome.FAILED)
        .cas(2, "x", "c", 40, 50, Outcome.FAILED);

    assertPassed(check(history, "a"));
    Violation violation = assertOneViolation(check(history, "b"));
    assertEquals(List.of(0), ids(violation.lostWrites()));
    assertTrue(violation.explanation().contains("FAILED"), violation::explanation);
  }

  @Test
  void absentAllowedWithoutAcknowledgedWrites() {
    HistoryBuilder history = new HistoryBuilder()
        .writeUnknown(1, "a", 0)
        .write(2, "b", 5, 15, Outcome.FAILED);

    assertPassed(check(history, ABSENT));
    assertPassed(check(history, "a"));
    Violation violation = assertOneViolation(check(history, "b"));
    assertEquals(List.of(), violation.lostWrites());
  }

  @Test
  void concurrentLastWritesAreEachAcceptable() {
    HistoryBuilder history = new HistoryBuilder()
        .write(1, "a1", 0, 10)
        .write(2, "b1", 5, 15)
        .write(1, "a2", 20, 40)
        .write(2, "b2", 25, 45);

    assertPassed(check(history, "a2"));
    assertPassed(check(history, "b2"));
    Violation violation = assertOneViolation(check(history, "zzz"));
    assertEquals(List.of(2, 3), ids(violation.lostWrites()));
    assertEquals(Set.of(Optional.of("a2"), Optional.of("b2")), violation.acceptableValues());
    assertTrue(violation.explanation().contains("No write in the history wrote this value"),
        violation::explanation);
  }

  @Test
  void realTimeOrderSupersedesOtherClient() {
    // Client 1's last write completed before client 2 started its write, so client 2's
    // value must win even though "a" is client 1's last acknowledged write.
    HistoryBuilder history = new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(2, "b", 20, 30);

    assertPassed(check(history, "b"));
    Violation violation = assertOneViolation(check(history, "a"));
    assertEquals(List.of(1), ids(violation.lostWrites()));
  }

  @Test
  void unknownWriteOfAnyClientAcceptable() {
    HistoryBuilder history = new HistoryBuilder()
        .write(1, "a", 0, 10)
        .writeUnknown(2, "u", 3)
        .write(3, "b", 20, 30);

    assertPassed(check(history, "b"));
    assertPassed(check(history, "u"));
    assertOneViolation(check(history, "a"));
  }

  @Test
  void casCountsAsWrite() {
    HistoryBuilder history = new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "a", "b", 20, 30, Outcome.OK)
        .cas(3, "b", "c", 40, 50, Outcome.UNKNOWN);

    assertPassed(check(history, "b"));
    assertPassed(check(history, "c"));
    Violation violation = assertOneViolation(check(history, "a"));
    assertEquals(List.of(1), ids(violation.lostWrites()));
  }

  @Test
  void keysAreCheckedSeparately() {
    List<Operation> operations = new HistoryBuilder()
        .key("x").write(1, "a", 0, 10)
        .key("y").write(1, "b", 0, 10)
        .key("z").read(2, ABSENT, 0, 10)
        .build();
    Map<String, Optional<String>> finalValues = new HashMap<>();
    finalValues.put("x", Optional.of("a"));
    finalValues.put("y", Optional.empty());
    finalValues.put("w", Optional.of("ghost"));

    Result result = checker.check(operations, finalValues);

    assertFalse(result.passed());
    assertEquals(List.of("w", "y"), result.violations().stream().map(Violation::key).toList());
    assertTrue(result.explanation().contains("key 'w'"), result::explanation);
    assertTrue(result.explanation().contains("key 'y'"), result::explanation);
  }

  @Test
  void missingFinalValueIsRejected() {
    List<Operation> operations = new HistoryBuilder()
        .key("x").write(1, "a", 0, 10)
        .key("y").write(1, "b", 0, 10, Outcome.FAILED)
        .build();

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> checker.check(operations, Map.of()));

    assertTrue(error.getMessage().contains("[x, y]"), error::getMessage);
  }
}
