package io.cohort.chaos;

import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds hand-written histories for tests. Operations get ids in the order they are added.
 * A null value stands for absent.
 */
public final class HistoryBuilder {
  /** Absent value, for readability at call sites. */
  public static final String ABSENT = null;
  /** Completion time used for UNKNOWN operations, whose completion checkers ignore. */
  public static final long GAVE_UP = 1_000_000;

  private final List<Operation> operations = new ArrayList<>();
  private String key = "k";

  /** Sets the key of the operations added next. The default is "k". */
  public HistoryBuilder key(String newKey) {
    key = newKey;
    return this;
  }

  public HistoryBuilder write(int process, String value, long invoke, long complete) {
    return write(process, value, invoke, complete, Outcome.OK);
  }

  public HistoryBuilder write(int process, String value, long invoke, long complete,
      Outcome outcome) {
    return add(process, Kind.WRITE, ABSENT, value, ABSENT, invoke, complete, outcome);
  }

  /** Adds a WRITE that timed out, so it may take effect at any time after {@code invoke}. */
  public HistoryBuilder writeUnknown(int process, String value, long invoke) {
    return write(process, value, invoke, GAVE_UP, Outcome.UNKNOWN);
  }

  /** Adds an OK READ that observed {@code observed}. */
  public HistoryBuilder read(int process, String observed, long invoke, long complete) {
    return add(process, Kind.READ, ABSENT, null, observed, invoke, complete, Outcome.OK);
  }

  /** Adds a READ with a FAILED or UNKNOWN outcome, which observed nothing. */
  public HistoryBuilder readWithoutResult(int process, long invoke, long complete,
      Outcome outcome) {
    return add(process, Kind.READ, ABSENT, null, ABSENT, invoke, complete, outcome);
  }

  public HistoryBuilder cas(int process, String expected, String newValue, long invoke,
      long complete, Outcome outcome) {
    return add(process, Kind.CAS, expected, newValue, ABSENT, invoke, complete, outcome);
  }

  public HistoryBuilder add(int process, Kind kind, String expected, String newValue,
      String observed, long invoke, long complete, Outcome outcome) {
    operations.add(new Operation(operations.size(), process, key, kind,
        Optional.ofNullable(expected), newValue, Optional.ofNullable(observed), invoke, complete,
        outcome));
    return this;
  }

  public List<Operation> build() {
    return List.copyOf(operations);
  }
}
