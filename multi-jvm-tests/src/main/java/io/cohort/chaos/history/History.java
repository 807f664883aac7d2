package io.cohort.chaos.history;

import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Append-only, thread-safe record of the operations that concurrent clients run against
 * the service.
 *
 * <p>A client calls one of the {@code invoke} methods just before it sends a request and
 * completes the returned {@link Invocation} once, after the response arrives or it gives
 * up. An invocation that is never completed stays UNKNOWN. The history reads its clock inside both calls, so each recorded interval
 * contains the real one. All clients must share one history, and so one clock, because
 * the checkers compare times across clients.
 */
public final class History {
  /** Completion time of an operation that is still in flight when a snapshot is taken. */
  public static final long PENDING_COMPLETE_NANOS = Long.MAX_VALUE;

  private final LongSupplier clock;
  // Indexed by operation id. In-flight operations are stored as UNKNOWN with
  // PENDING_COMPLETE_NANOS until their invocation completes. Guarded by this.
  private final List<Operation> operations = new ArrayList<>();
  // Ids of the operations whose invocation is completed. Guarded by this.
  private final BitSet completed = new BitSet();

  /** Creates a history timed by {@link System#nanoTime()}. */
  public History() {
    this(System::nanoTime);
  }

  /** Creates a history timed by {@code clock}, which must return non-decreasing nanoseconds. */
  public History(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records the invocation of a READ and returns its handle. */
  public Invocation invokeRead(int process, String key) {
    return invoke(process, key, Kind.READ, Optional.empty(), null);
  }

  /** Records the invocation of a WRITE of {@code value} and returns its handle. */
  public Invocation invokeWrite(int process, String key, String value) {
    Objects.requireNonNull(value, "value");
    return invoke(process, key, Kind.WRITE, Optional.empty(), value);
  }

  /**
   * Records the invocation of a CAS that writes {@code newValue} if the key has the value
   * {@code expected}, or is absent when {@code expected} is empty, and returns its handle.
   */
  public Invocation invokeCas(int process, String key, Optional<String> expected, String newValue) {
    Objects.requireNonNull(newValue, "newValue");
    return invoke(process, key, Kind.CAS, expected, newValue);
  }

  private synchronized Invocation invoke(
      int process, String key, Kind kind, Optional<String> expected, String newValue) {
    int id = operations.size();
    Operation inFlight = new Operation(id, process, key, kind, expected, newValue,
        Optional.empty(), clock.getAsLong(), PENDING_COMPLETE_NANOS, Outcome.UNKNOWN);
    operations.add(inFlight);
    return new Invocation(inFlight);
  }

  /**
   * Returns an immutable snapshot of all operations in id order, which is also invocation
   * order. An operation whose invocation has not completed yet appears as UNKNOWN with
   * completion time {@link #PENDING_COMPLETE_NANOS}.
   */
  public synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** Returns a snapshot of the operations grouped by key, as {@link #groupByKey} does. */
  public Map<String, List<Operation>> byKey() {
    return groupByKey(operations());
  }

  /**
   * Groups operations by key. The map is sorted by key, and each list keeps the order of
   * {@code operations}. The map and its lists are immutable.
   */
  public static Map<String, List<Operation>> groupByKey(Collection<Operation> operations) {
    Map<String, List<Operation>> grouped = new TreeMap<>();
    for (Operation operation : operations) {
      grouped.computeIfAbsent(operation.key(), k -> new ArrayList<>()).add(operation);
    }
    grouped.replaceAll((key, list) -> List.copyOf(list));
    return Collections.unmodifiableMap(grouped);
  }

  private synchronized void complete(
      Operation inFlight, Outcome outcome, Optional<String> observed) {
    long now = clock.getAsLong();
    if (completed.get(inFlight.id())) {
      throw new IllegalStateException(
          "operation " + inFlight.id() + " is already completed as "
              + operations.get(inFlight.id()).outcome()
              + ", and an invocation completes exactly once");
    }
    completed.set(inFlight.id());
    operations.set(inFlight.id(), new Operation(inFlight.id(), inFlight.process(),
        inFlight.key(), inFlight.kind(), inFlight.expected(), inFlight.newValue(), observed,
        inFlight.invokeNanos(), now, outcome));
  }

  /**
   * Handle to an operation in flight. Any thread may complete it, and a second completion
   * throws IllegalStateException.
   */
  public final class Invocation {
    private final Operation inFlight;

    private Invocation(Operation inFlight) {
      this.inFlight = inFlight;
    }

    /** Returns the id of the operation in its history. */
    public int id() {
      return inFlight.id();
    }

    /**
     * Completes a WRITE or CAS that took effect.
     *
     * @throws IllegalStateException if the operation is a READ, which must report the value
     *     it observed through {@link #ok(Optional)}, or if it is already completed
     */
    public void ok() {
      if (inFlight.kind() == Kind.READ) {
        throw new IllegalStateException(
            "operation " + inFlight.id() + " is a READ, so complete it with ok(observed)");
      }
      complete(inFlight, Outcome.OK, Optional.empty());
    }

    /**
     * Completes a READ that observed {@code observed}, where empty means the key was absent.
     *
     * @throws IllegalStateException if the operation is not a READ or is already completed
     */
    public void ok(Optional<String> observed) {
      Objects.requireNonNull(observed, "observed");
      if (inFlight.kind() != Kind.READ) {
        throw new IllegalStateException(
            "operation " + inFlight.id() + " is a " + inFlight.kind()
                + ", so complete it with ok() because only a READ observes a value");
      }
      complete(inFlight, Outcome.OK, observed);
    }

    /**
     * Completes an operation that definitely did not take effect.
     *
     * @throws IllegalStateException if the operation is already completed
     */
    public void fail() {
      complete(inFlight, Outcome.FAILED, Optional.empty());
    }

    /**
     * Completes an operation that may or may not have taken effect, for example after a
     * timeout.
     *
     * @throws IllegalStateException if the operation is already completed
     */
    public void unknown() {
      complete(inFlight, Outcome.UNKNOWN, Optional.empty());
    }
  }
}
