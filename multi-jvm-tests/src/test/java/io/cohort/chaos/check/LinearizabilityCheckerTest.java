package io.cohort.chaos.check;

import static io.cohort.chaos.HistoryBuilder.ABSENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.HistoryBuilder;
import io.cohort.chaos.check.LinearizabilityResult.KeyResult;
import io.cohort.chaos.check.LinearizabilityResult.Verdict;
import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  private LinearizabilityResult check(HistoryBuilder history) {
    return checker.check(history.build());
  }

  private static void assertLinearizable(LinearizabilityResult result) {
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
  }

  private static KeyResult assertNotLinearizable(LinearizabilityResult result) {
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
    assertEquals(1, result.problems().size(), result::explanation);
    return result.problems().get(0);
  }

  @Test
  void emptyHistoryIsLinearizable() {
    assertLinearizable(checker.check(List.of()));
  }

  @Test
  void sequentialWriteThenRead() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, "a", 20, 30)));
  }

  @Test
  void readOfAbsentBeforeAnyWrite() {
    assertLinearizable(check(new HistoryBuilder()
        .read(1, ABSENT, 0, 10)
        .write(2, "a", 20, 30)
        .read(1, ABSENT, 25, 40)
        .read(1, "a", 50, 60)));
  }

  @Test
  void readOfAbsentAfterCompletedWrite() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, ABSENT, 20, 30)));

    assertEquals(2, problem.operationCount());
    assertEquals(List.of(0), ids(problem.prefix()));
    assertEquals(1, problem.blockedOperation().orElseThrow().id());
  }

  @Test
  void concurrentWritesReadEitherOrder() {
    for (String winner : List.of("a", "b")) {
      assertLinearizable(check(new HistoryBuilder()
          .write(1, "a", 0, 100)
          .write(2, "b", 0, 100)
          .read(3, winner, 110, 120)
          .read(4, winner, 130, 140)));
    }
  }

  @Test
  void readsDuringConcurrentWritesSeeOneOrder() {
    // Process 3 reads a then b, and process 4 reads b then a. Each write happens once, so the
    // two processes disagree on the order of the writes.
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 100)
        .write(2, "b", 0, 100)
        .read(3, "a", 10, 20)
        .read(3, "b", 30, 40)
        .read(4, "b", 10, 20)
        .read(4, "a", 30, 40)));

    assertEquals(6, problem.operationCount());
    assertTrue(problem.prefix().size() < 6, problem.explanation());
  }

  @Test
  void readsDuringConcurrentWritesSeeSameOrder() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 100)
        .write(2, "b", 0, 100)
        .read(3, "a", 10, 20)
        .read(3, "b", 30, 40)
        .read(4, "a", 10, 20)
        .read(4, "b", 30, 40)));
  }

  @Test
  void staleReadAfterCompletedWrite() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30)
        .read(2, "a", 40, 50)));

    assertEquals("k", problem.key());
    assertEquals(List.of(0, 1), ids(problem.prefix()));
    assertEquals(Optional.of("b"), problem.valueAfterPrefix());
    assertEquals(2, problem.blockedOperation().orElseThrow().id());
    assertEquals(List.of(2), ids(problem.candidates()));
  }

  @Test
  void readConcurrentWithOverwriteMaySeeOldValue() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30)
        .read(2, "a", 15, 25)));
  }

  @Test
  void readOfValueNeverWritten() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, "z", 5, 30)));

    assertEquals(List.of(0), ids(problem.prefix()));
    assertEquals(1, problem.blockedOperation().orElseThrow().id());
  }

  @Test
  void failedWriteHasNoEffect() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30, Outcome.FAILED)
        .read(2, "b", 40, 50)));

    assertEquals(2, problem.operationCount());
  }

  @Test
  void failedAndUnknownReadsAreIgnored() {
    LinearizabilityResult result = check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .readWithoutResult(2, 20, 30, Outcome.FAILED)
        .readWithoutResult(2, 40, 50, Outcome.UNKNOWN)
        .read(2, "a", 60, 70));

    assertLinearizable(result);
    assertEquals(2, result.keys().get(0).operationCount());
  }

  @Test
  void casSucceedsAfterMatchingWrite() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "a", "b", 20, 30, Outcome.OK)
        .cas(3, "a", "c", 25, 35, Outcome.FAILED)
        .read(1, "b", 40, 50)));
  }

  @Test
  void casOnMismatchedValueCannotSucceed() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "x", "b", 20, 30, Outcome.OK)));

    assertEquals(1, problem.blockedOperation().orElseThrow().id());
  }

  @Test
  void casWithExpectedAbsentCreatesOnce() {
    assertLinearizable(check(new HistoryBuilder()
        .cas(1, ABSENT, "a", 0, 10, Outcome.OK)
        .cas(2, ABSENT, "b", 5, 15, Outcome.FAILED)
        .read(2, "a", 20, 30)));

    assertNotLinearizable(check(new HistoryBuilder()
        .cas(1, ABSENT, "a", 0, 10, Outcome.OK)
        .cas(2, ABSENT, "b", 20, 30, Outcome.OK)));
  }

  @Test
  void lostUpdateThroughTwoCas() {
    // Both CAS operations expect "a", but only one of them can see "a", because the other
    // then replaces it.
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "a", "b", 20, 40, Outcome.OK)
        .cas(3, "a", "c", 25, 45, Outcome.OK)));

    assertEquals(2, problem.prefix().size(), problem.explanation());
  }

  @Test
  void casChainWithReadsBetween() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "a", "b", 20, 60, Outcome.OK)
        .read(3, "a", 30, 40)
        .read(3, "b", 45, 55)
        .cas(1, "b", "c", 50, 70, Outcome.OK)
        .read(3, "c", 80, 90)));
  }

  @Test
  void readAfterCasSeesValueRevert() {
    // "a" is written once, so after the CAS replaced it nothing can bring it back.
    assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(2, "a", "b", 20, 60, Outcome.OK)
        .read(3, "b", 30, 40)
        .read(3, "a", 70, 80)));
  }

  @Test
  void unknownWriteObservedLater() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .writeUnknown(1, "b", 20)
        .read(2, "a", 30, 40)
        .read(2, "b", 5_000, 5_010)));
  }

  @Test
  void unknownWriteNeverObserved() {
    LinearizabilityResult result = check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .writeUnknown(1, "b", 20)
        .read(2, "a", 30, 40)
        .read(2, "a", 5_000, 5_010));

    assertLinearizable(result);
    List<Integer> linearization = ids(result.keys().get(0).prefix());
    assertTrue(linearization.containsAll(List.of(0, 2, 3)), linearization::toString);
  }

  @Test
  void unknownCasNeverTakingEffect() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .cas(1, "a", "b", 20, 30, Outcome.UNKNOWN)
        .read(2, "a", 40, 50)));
  }

  @Test
  void unknownCasWithStaleExpectedNeverApplies() {
    // The CAS cannot succeed anywhere after its invocation, because "a" is gone by then. The
    // history is linearizable only if the CAS may also never take effect.
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(2, "b", 20, 30)
        .cas(1, "a", "c", 40, 50, Outcome.UNKNOWN)
        .write(2, "c", 45, 50)
        .read(2, "c", 60, 70)));
  }

  @Test
  void unknownWriteTakesEffectOnce() {
    // Once "b" was observed, the old value "a" cannot return.
    assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .writeUnknown(1, "b", 20)
        .read(2, "b", 30, 40)
        .read(2, "a", 50, 60)));
  }

  @Test
  void unknownWriteNotBeforeInvocation() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, "b", 20, 30)
        .writeUnknown(1, "b", 40)));

    assertEquals(1, problem.blockedOperation().orElseThrow().id());
  }

  @Test
  void equalTimesCountAsConcurrent() {
    assertLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, ABSENT, 10, 20)));

    assertNotLinearizable(check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, ABSENT, 11, 20)));
  }

  @Test
  void keysAreCheckedIndependently() {
    LinearizabilityResult result = check(new HistoryBuilder()
        .key("x").write(1, "a", 0, 10)
        .key("y").read(2, "a", 20, 30)
        .key("x").read(2, "a", 40, 50)
        .key("z").read(3, ABSENT, 0, 5));

    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
    assertEquals(List.of("x", "y", "z"), result.keys().stream().map(KeyResult::key).toList());
    assertEquals(List.of("y"), result.problems().stream().map(KeyResult::key).toList());
    assertTrue(result.explanation().contains("key 'y'"), result::explanation);
  }

  @Test
  void explanationNamesKeyPrefixAndBlockedOperation() {
    KeyResult problem = assertNotLinearizable(check(new HistoryBuilder()
        .key("user:7")
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30)
        .read(2, "a", 40, 50)));

    String explanation = problem.explanation();
    assertTrue(explanation.startsWith("key 'user:7': NOT_LINEARIZABLE"), explanation);
    assertTrue(explanation.contains(
        "Longest linearizable prefix found: 2 operations, leaving the value 'b'"), explanation);
    assertTrue(explanation.contains("#2 p2 READ -> 'a' OK [40, 50]"), explanation);
  }

  @Test
  void stepLimitGivesUnknown() {
    HistoryBuilder history = new HistoryBuilder();
    for (int i = 0; i < 8; i++) {
      history.write(i, "v" + i, 0, 100);
    }
    history.read(9, "missing", 0, 100);
    LinearizabilityChecker limited = new LinearizabilityChecker(50, Optional.empty());

    LinearizabilityResult result = limited.check(history.build());

    assertEquals(Verdict.UNKNOWN, result.verdict(), result::explanation);
    assertEquals(50, result.keys().get(0).steps());
    assertTrue(result.explanation().contains("search limit reached"), result::explanation);
    assertEquals(Verdict.NOT_LINEARIZABLE, checker.check(history.build()).verdict());
  }

  @Test
  void expiredTimeLimitGivesUnknown() {
    LinearizabilityChecker limited =
        new LinearizabilityChecker(1_000, Optional.of(Duration.ZERO));

    LinearizabilityResult result = limited.check(new HistoryBuilder()
        .write(1, "a", 0, 10)
        .read(2, "a", 20, 30)
        .build());

    assertEquals(Verdict.UNKNOWN, result.verdict(), result::explanation);
    assertTrue(result.explanation().contains("search limit reached"), result::explanation);
  }

  @Test
  void notLinearizableOutranksUnknown() {
    HistoryBuilder history = new HistoryBuilder().key("hard");
    for (int i = 0; i < 8; i++) {
      history.write(i, "v" + i, 0, 100);
    }
    history.read(9, "missing", 0, 100);
    history.key("stale").write(1, "a", 0, 10).read(2, ABSENT, 20, 30);
    LinearizabilityChecker limited = new LinearizabilityChecker(50, Optional.empty());

    LinearizabilityResult result = limited.check(history.build());

    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
    assertEquals(2, result.problems().size());
  }

  @Test
  void checkKeyRejectsOtherKeys() {
    List<Operation> operations = new HistoryBuilder().key("a").write(1, "v", 0, 1).build();

    assertThrows(IllegalArgumentException.class, () -> checker.checkKey("b", operations));
  }

  @Test
  void invalidLimitsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new LinearizabilityChecker(0, Optional.empty()));
    assertThrows(IllegalArgumentException.class,
        () -> new LinearizabilityChecker(10, Optional.of(Duration.ofSeconds(-1))));
  }

  private static List<Integer> ids(List<Operation> operations) {
    return operations.stream().map(Operation::id).toList();
  }
}
