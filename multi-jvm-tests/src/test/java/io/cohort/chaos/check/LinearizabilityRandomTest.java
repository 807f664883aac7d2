package io.cohort.chaos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.check.LinearizabilityResult.KeyResult;
import io.cohort.chaos.check.LinearizabilityResult.Verdict;
import io.cohort.chaos.history.HistoryFormat;
import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests: histories of a simulated atomic register must pass, the same histories
 * with one corrupted read must fail, and small random histories must get the same verdict
 * as a brute-force search over all orders.
 */
class LinearizabilityRandomTest {
  private static final String NEVER_WRITTEN = "never-written";

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  @Test
  void simulatedRegisterHistoriesPass() {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      int processes = 2 + random.nextInt(4);
      int operationsPerProcess = 5 + random.nextInt(36);
      List<Operation> history =
          new RegisterSimulator(random, 0.1).simulate("k", processes, operationsPerProcess);

      LinearizabilityResult result = checker.check(history);

      int finalSeed = seed;
      assertEquals(Verdict.LINEARIZABLE, result.verdict(),
          () -> "seed " + finalSeed + ": " + result.explanation());
    }
  }

  @Test
  void readOfNeverWrittenValueFails() {
    int corrupted = 0;
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      List<Operation> history = new RegisterSimulator(random, 0.1)
          .simulate("k", 2 + random.nextInt(4), 5 + random.nextInt(36));
      List<Integer> okReads = okReads(history);
      if (okReads.isEmpty()) {
        continue;
      }
      int target = okReads.get(random.nextInt(okReads.size()));
      List<Operation> corruptedHistory = withObserved(history, target, NEVER_WRITTEN);
      corrupted++;

      LinearizabilityResult result = checker.check(corruptedHistory);

      int finalSeed = seed;
      assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(),
          () -> "seed " + finalSeed + ", read #" + target + ": " + result.explanation());
      KeyResult problem = result.problems().get(0);
      assertTrue(problem.prefix().stream().noneMatch(o -> o.id() == target),
          () -> "seed " + finalSeed + ": the corrupted read #" + target
              + " is in the linearizable prefix: " + problem.explanation());
      assertTrue(problem.blockedOperation().isPresent(), problem::explanation);
    }
    assertTrue(corrupted > 250, "only " + corrupted + " histories had an OK read to corrupt");
  }

  /**
   * A read that returns the value of a write invoked after the read completed is not
   * linearizable. Values are unique, so that write is the only one that could have produced
   * the value, and it takes effect after its invocation, which is after the read.
   */
  @Test
  void readFromFutureWriteFails() {
    int corrupted = 0;
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      List<Operation> history = new RegisterSimulator(random, 0.1)
          .simulate("k", 2 + random.nextInt(4), 5 + random.nextInt(36));
      Optional<int[]> pair = readAndLaterWrite(history, random);
      if (pair.isEmpty()) {
        continue;
      }
      int read = pair.get()[0];
      Operation write = history.get(pair.get()[1]);
      List<Operation> corruptedHistory = withObserved(history, read, write.newValue());
      corrupted++;

      LinearizabilityResult result = checker.check(corruptedHistory);

      int finalSeed = seed;
      assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(),
          () -> "seed " + finalSeed + ", read #" + read + " now observes " + write.describe()
              + ": " + result.explanation());
    }
    assertTrue(corrupted > 200, "only " + corrupted + " histories had a read before a write");
  }

  @Test
  void largeSimulatedHistoryIsDecided() {
    Random random = new Random(42);
    List<Operation> history = new RegisterSimulator(random, 0.05).simulate("k", 5, 200);

    LinearizabilityResult passing = checker.check(history);
    assertEquals(Verdict.LINEARIZABLE, passing.verdict(), passing::explanation);

    List<Integer> okReads = okReads(history);
    int target = okReads.get(okReads.size() / 2);
    LinearizabilityResult failing = checker.check(withObserved(history, target, NEVER_WRITTEN));
    assertEquals(Verdict.NOT_LINEARIZABLE, failing.verdict(), failing::explanation);
  }

  @Test
  void checkerMatchesBruteForce() {
    int linearizable = 0;
    int notLinearizable = 0;
    for (int seed = 0; seed < 3_000; seed++) {
      Random random = new Random(seed);
      List<Operation> history = randomSmallHistory(random);

      boolean expected = BruteForce.isLinearizable(history);
      LinearizabilityResult result = checker.check(history);

      int finalSeed = seed;
      assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, result.verdict(),
          () -> "seed " + finalSeed + ", history:\n" + formatLines(history) + "\n"
              + result.explanation());
      if (expected) {
        linearizable++;
      } else {
        notLinearizable++;
      }
    }
    assertTrue(linearizable > 300, "only " + linearizable + " linearizable histories");
    assertTrue(notLinearizable > 300, "only " + notLinearizable + " non-linearizable histories");
  }

  private static String formatLines(List<Operation> history) {
    return history.stream().map(HistoryFormat::formatLine).collect(Collectors.joining("\n"));
  }

  /** Returns ids of OK reads. Ids equal list positions in simulated histories. */
  private static List<Integer> okReads(List<Operation> history) {
    List<Integer> reads = new ArrayList<>();
    for (Operation operation : history) {
      if (operation.kind() == Kind.READ && operation.outcome() == Outcome.OK) {
        reads.add(operation.id());
      }
    }
    return reads;
  }

  /** Picks an OK read and a WRITE or CAS invoked after the read completed. */
  private static Optional<int[]> readAndLaterWrite(List<Operation> history, Random random) {
    List<int[]> pairs = new ArrayList<>();
    for (int read : okReads(history)) {
      for (Operation write : history) {
        if (write.isWrite() && write.invokeNanos() > history.get(read).completeNanos()) {
          pairs.add(new int[] {read, write.id()});
        }
      }
    }
    if (pairs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(pairs.get(random.nextInt(pairs.size())));
  }

  private static List<Operation> withObserved(List<Operation> history, int readId, String value) {
    List<Operation> copy = new ArrayList<>(history);
    Operation read = copy.get(readId);
    copy.set(readId, new Operation(read.id(), read.process(), read.key(), read.kind(),
        read.expected(), read.newValue(), Optional.of(value), read.invokeNanos(),
        read.completeNanos(), read.outcome()));
    return copy;
  }

  /**
   * Returns 2 to 7 operations of 3 processes with arbitrary results over the values a and b,
   * so that many of them are not linearizable.
   */
  private static List<Operation> randomSmallHistory(Random random) {
    List<Optional<String>> values = List.of(Optional.empty(), Optional.of("a"), Optional.of("b"));
    List<Operation> history = new ArrayList<>();
    int total = 2 + random.nextInt(6);
    long[] processTime = new long[3];
    for (int i = 0; i < total; i++) {
      int process = random.nextInt(3);
      long invoke = processTime[process] + random.nextInt(6);
      long complete = invoke + random.nextInt(6);
      processTime[process] = complete + 1;

      Outcome outcome = Outcome.OK;
      int outcomeRoll = random.nextInt(10);
      if (outcomeRoll == 7) {
        outcome = Outcome.FAILED;
      } else if (outcomeRoll > 7) {
        outcome = Outcome.UNKNOWN;
      }
      Kind kind = Kind.values()[random.nextInt(3)];
      String newValue = random.nextBoolean() ? "a" : "b";
      Operation operation = switch (kind) {
        case READ -> new Operation(i, process, "k", kind, Optional.empty(), null,
            outcome == Outcome.OK ? values.get(random.nextInt(3)) : Optional.empty(),
            invoke, complete, outcome);
        case WRITE -> new Operation(i, process, "k", kind, Optional.empty(), newValue,
            Optional.empty(), invoke, complete, outcome);
        case CAS -> new Operation(i, process, "k", kind, values.get(random.nextInt(3)), newValue,
            Optional.empty(), invoke, complete, outcome);
      };
      history.add(operation);
    }
    return history;
  }

  /**
   * Definition-level check: tries every order in which an operation goes next only if no
   * remaining OK operation completed before it was invoked. FAILED operations and UNKNOWN
   * reads are left out. UNKNOWN writes may be placed or skipped.
   */
  private static final class BruteForce {
    static boolean isLinearizable(List<Operation> history) {
      List<Operation> remaining = new ArrayList<>();
      for (Operation operation : history) {
        boolean ok = operation.outcome() == Outcome.OK;
        boolean unknownWrite = operation.outcome() == Outcome.UNKNOWN && operation.isWrite();
        if (ok || unknownWrite) {
          remaining.add(operation);
        }
      }
      return search(remaining, Optional.empty());
    }

    private static boolean search(List<Operation> remaining, Optional<String> value) {
      if (remaining.stream().noneMatch(o -> o.outcome() == Outcome.OK)) {
        return true;
      }
      for (Operation candidate : remaining) {
        boolean mustWait = remaining.stream().anyMatch(other -> other.outcome() == Outcome.OK
            && other.completeNanos() < candidate.invokeNanos());
        if (mustWait) {
          continue;
        }
        Optional<Optional<String>> after = apply(candidate, value);
        if (after.isEmpty()) {
          continue;
        }
        List<Operation> rest = new ArrayList<>(remaining);
        rest.remove(candidate);
        if (search(rest, after.get())) {
          return true;
        }
      }
      return false;
    }

    /** Returns the value after {@code operation}, or empty if the operation is not legal. */
    private static Optional<Optional<String>> apply(Operation operation, Optional<String> value) {
      return switch (operation.kind()) {
        case READ -> operation.observed().equals(value) ? Optional.of(value) : Optional.empty();
        case WRITE -> Optional.of(Optional.of(operation.newValue()));
        case CAS -> operation.expected().equals(value)
            ? Optional.of(Optional.of(operation.newValue()))
            : Optional.empty();
      };
    }
  }
}
