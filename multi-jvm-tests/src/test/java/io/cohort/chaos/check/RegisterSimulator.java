package io.cohort.chaos.check;

import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Single-threaded simulation of clients running random overlapping operations against one
 * atomic register. Every generated history is linearizable by construction.
 *
 * <p>Each process runs its operations one after another with random gaps and durations.
 * Every operation gets a linearization point inside its interval, and the operations are
 * applied to the register in the order of those points to compute the results. A CAS whose
 * expected value does not match at its point is FAILED. A WRITE may also be FAILED without
 * effect, as after a 4xx response. An UNKNOWN WRITE or CAS takes effect with probability
 * one half, at a point that may lie after the client gave up. Every written value is unique.
 */
final class RegisterSimulator {
  private static final double FAILED_WRITE_PROBABILITY = 0.05;

  private final Random random;
  private final double unknownProbability;

  RegisterSimulator(Random random, double unknownProbability) {
    this.random = random;
    this.unknownProbability = unknownProbability;
  }

  private static final class Planned {
    int process;
    Kind kind;
    long invoke;
    long complete;
    long point;
    int tieBreak;
    boolean unknown;
    boolean takesEffect;
    Optional<String> expected = Optional.empty();
    String newValue;
    Optional<String> observed = Optional.empty();
    Outcome outcome;
  }

  /**
   * Returns a history of {@code processes} clients that each run
   * {@code operationsPerProcess} operations on {@code key}.
   */
  List<Operation> simulate(String key, int processes, int operationsPerProcess) {
    List<Planned> planned = plan(processes, operationsPerProcess);
    execute(planned);

    planned.sort(Comparator.comparingLong((Planned p) -> p.invoke)
        .thenComparingInt(p -> p.process));
    List<Operation> operations = new ArrayList<>();
    for (Planned p : planned) {
      operations.add(new Operation(operations.size(), p.process, key, p.kind, p.expected,
          p.newValue, p.observed, p.invoke, p.complete, p.outcome));
    }
    return operations;
  }

  private List<Planned> plan(int processes, int operationsPerProcess) {
    List<Planned> planned = new ArrayList<>();
    for (int process = 0; process < processes; process++) {
      long time = random.nextInt(20);
      for (int i = 0; i < operationsPerProcess; i++) {
        Planned p = new Planned();
        p.process = process;
        p.invoke = time + random.nextInt(15);
        int duration = 1 + random.nextInt(40);
        p.complete = p.invoke + duration;
        p.kind = randomKind();
        p.unknown = random.nextDouble() < unknownProbability;
        if (p.unknown) {
          p.takesEffect = random.nextBoolean();
          p.point = p.invoke + random.nextInt(4 * duration + 1);
        } else {
          p.point = p.invoke + random.nextInt(duration + 1);
        }
        p.tieBreak = random.nextInt();
        planned.add(p);
        time = p.complete;
      }
    }
    return planned;
  }

  /** Returns READ with probability 0.4, WRITE with 0.3 and CAS with 0.3. */
  private Kind randomKind() {
    int roll = random.nextInt(10);
    if (roll < 4) {
      return Kind.READ;
    }
    if (roll < 7) {
      return Kind.WRITE;
    }
    return Kind.CAS;
  }

  private void execute(List<Planned> planned) {
    planned.sort(Comparator.comparingLong((Planned p) -> p.point)
        .thenComparingInt(p -> p.tieBreak));
    Optional<String> value = Optional.empty();
    List<Optional<String>> seen = new ArrayList<>();
    seen.add(Optional.empty());
    int nextValue = 0;
    for (Planned p : planned) {
      switch (p.kind) {
        case READ -> {
          p.outcome = p.unknown ? Outcome.UNKNOWN : Outcome.OK;
          p.observed = p.unknown ? Optional.empty() : value;
        }
        case WRITE -> {
          p.newValue = "v" + nextValue++;
          seen.add(Optional.of(p.newValue));
          if (p.unknown) {
            p.outcome = Outcome.UNKNOWN;
            value = p.takesEffect ? Optional.of(p.newValue) : value;
          } else if (random.nextDouble() < FAILED_WRITE_PROBABILITY) {
            p.outcome = Outcome.FAILED;
          } else {
            p.outcome = Outcome.OK;
            value = Optional.of(p.newValue);
          }
        }
        case CAS -> {
          p.newValue = "v" + nextValue++;
          seen.add(Optional.of(p.newValue));
          p.expected = random.nextBoolean() ? value : seen.get(random.nextInt(seen.size()));
          boolean matches = p.expected.equals(value);
          if (p.unknown) {
            p.outcome = Outcome.UNKNOWN;
            value = p.takesEffect && matches ? Optional.of(p.newValue) : value;
          } else if (matches) {
            p.outcome = Outcome.OK;
            value = Optional.of(p.newValue);
          } else {
            p.outcome = Outcome.FAILED;
          }
        }
      }
    }
  }
}
