package io.cohort.chaos.check;

import io.cohort.chaos.check.LinearizabilityResult.KeyResult;
import io.cohort.chaos.check.LinearizabilityResult.Verdict;
import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Linearizability search for the operations of one key against a register that starts
 * absent and supports READ, WRITE and CAS.
 *
 * <p>The search follows Wing and Gong with Lowe's memoization, as described in G. Lowe,
 * "Testing for Linearizability", Concurrency and Computation: Practice and Experience 29(4),
 * 2017. Each operation becomes a call entry at its invocation time and a return entry at its
 * completion time, in one doubly linked list sorted by time. Scanning from the head, every
 * call entry before the first return entry belongs to an operation that may be linearized
 * next. Linearizing an operation applies it to the register and unlinks both its entries,
 * and the scan restarts at the head. When the scan reaches a return entry, every operation
 * that could go next has failed, so the search backtracks: it undoes the last
 * linearization, relinks its entries and continues the scan after that call entry. A cache
 * of (set of linearized operations, register value) pairs skips configurations already
 * explored. With at most c operations pending at any time, that bounds the search to about
 * n * 2^c sets of linearized operations for n operations, so the cost is polynomial in n but
 * exponential in c.
 *
 * <p>An UNKNOWN WRITE or CAS gets no return entry, so the search may linearize it at any
 * point after its invocation or never. The search succeeds as soon as every OK operation is
 * linearized. Such a write stays pending until the search places it, so it adds to c for
 * the rest of the history.
 *
 * <p>Two reductions keep the verdict unchanged and shrink the search, each explained where
 * it is applied. UNKNOWN writes whose value nothing reads or expects are removed up front,
 * and a READ that is legal when the scan starts is linearized without trying alternatives.
 */
final class RegisterSearch {
  private static final int NIL = -1;
  private static final int HEAD = 0;
  private static final int ABSENT = 0;
  // Register value that no operation accepts, returned when an operation is not legal.
  private static final int ILLEGAL = -1;
  private static final int DEADLINE_CHECK_INTERVAL = 1024;
  private static final String NOT_LINEARIZABLE_REASON =
      "no order of the operations satisfies both real time and register semantics";

  private final String key;
  private final long maxSteps;
  private final long deadlineNanos;
  private final boolean hasDeadline;

  // Operations the search considers, indexed 0..n-1.
  private final List<Operation> operations = new ArrayList<>();
  private final Kind[] kinds;
  private final boolean[] required;
  // For READ the observed value, for CAS the expected value, as interned ids.
  private final int[] inputValues;
  // For WRITE and CAS the new value, as interned ids.
  private final int[] newValues;
  private final List<Optional<String>> valuesById = new ArrayList<>();

  // Entry list. Entry 0 is the head sentinel, and the others are call and return entries.
  private final int[] next;
  private final int[] previous;
  private final int[] operationOfEntry;
  private final boolean[] isCall;
  // For a call entry, its return entry, or NIL for UNKNOWN writes.
  private final int[] returnOfCall;

  // Search state, set up by run().
  private long[] linearized;
  private final Set<Configuration> explored = new HashSet<>();
  // Call entries of the linearized operations in order, and the value before each.
  private int[] stackEntries;
  private int[] stackValues;
  private int depth;
  private int value = ABSENT;
  private int unplacedRequired;
  // Entry where the scan continues after backtrack().
  private int resumeEntry;
  private final Best best = new Best();

  /**
   * Prepares the search.
   *
   * @param deadlineNanos {@link System#nanoTime()} value after which the search stops, used
   *     only when {@code hasDeadline} is set
   */
  RegisterSearch(String key, List<Operation> keyOperations, long maxSteps, boolean hasDeadline,
      long deadlineNanos) {
    this.key = key;
    this.maxSteps = maxSteps;
    this.hasDeadline = hasDeadline;
    this.deadlineNanos = deadlineNanos;

    operations.addAll(relevantOperations(keyOperations));
    int n = operations.size();
    kinds = new Kind[n];
    required = new boolean[n];
    inputValues = new int[n];
    newValues = new int[n];
    internValues();

    int entryCount = 1 + 2 * n;
    next = new int[entryCount];
    previous = new int[entryCount];
    operationOfEntry = new int[entryCount];
    isCall = new boolean[entryCount];
    returnOfCall = new int[entryCount];
    buildEntryList();
  }

  /**
   * Returns the operations that constrain the register, in their original order. These are
   * the informative ones, without the UNKNOWN writes that {@link #dropUnobservedUnknownWrites}
   * removes.
   */
  static List<Operation> relevantOperations(List<Operation> keyOperations) {
    List<Operation> relevant = new ArrayList<>();
    for (Operation operation : keyOperations) {
      if (isInformative(operation)) {
        relevant.add(operation);
      }
    }
    dropUnobservedUnknownWrites(relevant);
    return relevant;
  }

  /**
   * Returns whether an operation can constrain the register. A FAILED operation had no effect
   * and its read result means nothing, and an UNKNOWN READ has no result.
   */
  private static boolean isInformative(Operation operation) {
    return switch (operation.outcome()) {
      case OK -> true;
      case FAILED -> false;
      case UNKNOWN -> operation.isWrite();
    };
  }

  /**
   * Removes UNKNOWN writes whose value no remaining READ observed and no remaining CAS
   * expects, repeating until none is left. This keeps the verdict unchanged. In a
   * linearization that contains such a write, the operation right after it can be neither a
   * READ nor a CAS, so it is a WRITE or there is none, and deleting the write leaves a valid
   * linearization. Without this step, every such write stays a
   * candidate at every point of the search, which multiplies the search space by up to 2
   * per write.
   */
  private static void dropUnobservedUnknownWrites(List<Operation> operations) {
    boolean changed = true;
    while (changed) {
      Set<Optional<String>> required = new HashSet<>();
      for (Operation operation : operations) {
        switch (operation.kind()) {
          case READ -> required.add(operation.observed());
          case CAS -> required.add(operation.expected());
          case WRITE -> { }
        }
      }
      changed = operations.removeIf(operation -> operation.outcome() == Outcome.UNKNOWN
          && !required.contains(Optional.of(operation.newValue())));
    }
  }

  private void internValues() {
    Map<Optional<String>, Integer> ids = new HashMap<>();
    ids.put(Optional.empty(), ABSENT);
    valuesById.add(Optional.empty());
    for (int i = 0; i < operations.size(); i++) {
      Operation operation = operations.get(i);
      kinds[i] = operation.kind();
      required[i] = operation.outcome() == Outcome.OK;
      switch (operation.kind()) {
        case READ -> inputValues[i] = intern(ids, operation.observed());
        case WRITE -> newValues[i] = intern(ids, Optional.of(operation.newValue()));
        case CAS -> {
          inputValues[i] = intern(ids, operation.expected());
          newValues[i] = intern(ids, Optional.of(operation.newValue()));
        }
      }
    }
  }

  private int intern(Map<Optional<String>, Integer> ids, Optional<String> value) {
    return ids.computeIfAbsent(value, v -> {
      valuesById.add(v);
      return valuesById.size() - 1;
    });
  }

  /**
   * Links the entries in time order. At equal times call entries come first, which treats
   * the two operations as concurrent, the weaker of the two possible readings.
   */
  private void buildEntryList() {
    record Event(long time, boolean call, int operation) {}
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      Operation operation = operations.get(i);
      events.add(new Event(operation.invokeNanos(), true, i));
      if (required[i]) {
        events.add(new Event(operation.completeNanos(), false, i));
      }
    }
    events.sort(Comparator.comparingLong(Event::time)
        .thenComparing(event -> !event.call())
        .thenComparingInt(Event::operation));

    int[] callEntryOfOperation = new int[operations.size()];
    Arrays.fill(returnOfCall, NIL);
    int previousEntry = HEAD;
    previous[HEAD] = NIL;
    for (int e = 0; e < events.size(); e++) {
      int entry = e + 1;
      Event event = events.get(e);
      operationOfEntry[entry] = event.operation();
      isCall[entry] = event.call();
      if (event.call()) {
        callEntryOfOperation[event.operation()] = entry;
      } else {
        returnOfCall[callEntryOfOperation[event.operation()]] = entry;
      }
      next[previousEntry] = entry;
      previous[entry] = previousEntry;
      previousEntry = entry;
    }
    next[previousEntry] = NIL;
  }

  /** Returns the register value after operation {@code op} on {@code value}, or ILLEGAL. */
  private int apply(int op, int value) {
    return switch (kinds[op]) {
      case READ -> inputValues[op] == value ? value : ILLEGAL;
      case WRITE -> newValues[op];
      case CAS -> inputValues[op] == value ? newValues[op] : ILLEGAL;
    };
  }

  private void unlink(int entry) {
    next[previous[entry]] = next[entry];
    if (next[entry] != NIL) {
      previous[next[entry]] = previous[entry];
    }
  }

  // Relinking must undo unlinks in reverse order, which the search's stack guarantees.
  private void relink(int entry) {
    next[previous[entry]] = entry;
    if (next[entry] != NIL) {
      previous[next[entry]] = entry;
    }
  }

  private void lift(int callEntry) {
    unlink(callEntry);
    if (returnOfCall[callEntry] != NIL) {
      unlink(returnOfCall[callEntry]);
    }
  }

  private void unlift(int callEntry) {
    if (returnOfCall[callEntry] != NIL) {
      relink(returnOfCall[callEntry]);
    }
    relink(callEntry);
  }

  /** Cache key: the set of linearized operations as bit words, and the register value. */
  private record Configuration(long[] linearized, int value, int hash) {
    static Configuration of(long[] linearized, int value) {
      long[] copy = linearized.clone();
      return new Configuration(copy, value, 31 * Arrays.hashCode(copy) + value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Configuration configuration
          && value == configuration.value
          && Arrays.equals(linearized, configuration.linearized);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * Runs the search and returns the verdict with the best prefix found. Call it once per
   * instance.
   */
  KeyResult run() {
    int n = operations.size();
    linearized = new long[(n + 63) / 64];
    stackEntries = new int[n];
    stackValues = new int[n];
    for (boolean r : required) {
      unplacedRequired += r ? 1 : 0;
    }

    long steps = 0;
    int entry = next[HEAD];
    boolean atHead = true;
    while (unplacedRequired > 0) {
      steps++;
      if (steps > maxSteps || deadlinePassed(steps)) {
        String limit = steps > maxSteps ? "the step limit of " + maxSteps : "the time limit";
        return best.toResult(Verdict.UNKNOWN, steps - 1,
            "search limit reached: the search stopped at " + limit + " before reaching a verdict");
      }

      if (atHead) {
        // A READ that is legal now can be linearized first without losing any solution,
        // so the search commits to it and tries no alternative at this level. Moving the
        // READ to the front of any valid continuation keeps it valid for two reasons. A
        // READ does not change the value. And no pending operation completed before the
        // READ was invoked, because its call entry comes before every remaining return entry.
        atHead = false;
        int read = findLegalRead();
        if (read != NIL) {
          if (tryLinearize(read)) {
            atHead = true;
          } else if (!backtrack()) {
            return best.toResult(Verdict.NOT_LINEARIZABLE, steps, NOT_LINEARIZABLE_REASON);
          } else {
            entry = resumeEntry;
          }
          continue;
        }
        entry = next[HEAD];
      }

      if (entry == NIL) {
        // Unreachable: an OK operation that is not linearized keeps its return entry in the
        // list, and the scan stops at the first return entry it meets.
        throw new IllegalStateException("linearizability search for key " + key
            + " ran past the end of the entry list");
      }
      if (isCall[entry]) {
        if (tryLinearize(entry)) {
          atHead = true;
        } else {
          entry = next[entry];
        }
        continue;
      }

      // The scan reached the completion of an operation that the prefix does not contain,
      // so no extension of this prefix can place it.
      if (depth > best.depth) {
        best.record(depth, entry);
      }
      if (!backtrack()) {
        return best.toResult(Verdict.NOT_LINEARIZABLE, steps, NOT_LINEARIZABLE_REASON);
      }
      entry = resumeEntry;
    }

    best.depth = depth;
    best.prefix = prefixOperations(depth);
    best.value = value;
    return best.toResult(Verdict.LINEARIZABLE, steps, "linearizable");
  }

  /** Returns the call entry of a READ that is legal now and may go next, or NIL if none is. */
  private int findLegalRead() {
    for (int e = next[HEAD]; e != NIL && isCall[e]; e = next[e]) {
      int op = operationOfEntry[e];
      if (kinds[op] == Kind.READ && inputValues[op] == value) {
        return e;
      }
    }
    return NIL;
  }

  /**
   * Linearizes the operation of {@code callEntry} next if it is legal and the resulting
   * configuration is new. Returns whether it did.
   */
  private boolean tryLinearize(int callEntry) {
    int op = operationOfEntry[callEntry];
    int newValue = apply(op, value);
    if (newValue == ILLEGAL) {
      return false;
    }
    setBit(linearized, op);
    if (!explored.add(Configuration.of(linearized, newValue))) {
      // Explored before without success, because a success ends the search.
      clearBit(linearized, op);
      return false;
    }
    stackEntries[depth] = callEntry;
    stackValues[depth] = value;
    depth++;
    value = newValue;
    lift(callEntry);
    unplacedRequired -= required[op] ? 1 : 0;
    return true;
  }

  /**
   * Undoes linearizations until the undone operation is not a READ, and sets
   * {@code resumeEntry} to the entry after it. Undoing a READ alone is pointless, because
   * the READ was legal at its level, so by the argument in {@link #run()} that level has
   * no solution either. Returns false if nothing is left to undo, so no linearization exists.
   */
  private boolean backtrack() {
    int undone;
    do {
      if (depth == 0) {
        return false;
      }
      depth--;
      undone = stackEntries[depth];
      int op = operationOfEntry[undone];
      value = stackValues[depth];
      clearBit(linearized, op);
      unplacedRequired += required[op] ? 1 : 0;
      unlift(undone);
    } while (kinds[operationOfEntry[undone]] == Kind.READ);
    resumeEntry = next[undone];
    return true;
  }

  private boolean deadlinePassed(long steps) {
    return hasDeadline
        && steps % DEADLINE_CHECK_INTERVAL == 0
        && System.nanoTime() - deadlineNanos >= 0;
  }

  private static void setBit(long[] words, int bit) {
    words[bit >>> 6] |= 1L << bit;
  }

  private static void clearBit(long[] words, int bit) {
    words[bit >>> 6] &= ~(1L << bit);
  }

  private List<Operation> prefixOperations(int depth) {
    List<Operation> prefix = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      prefix.add(operations.get(operationOfEntry[stackEntries[i]]));
    }
    return prefix;
  }

  /** Deepest prefix reached so far, and the operation that blocked it. */
  private final class Best {
    int depth = -1;
    List<Operation> prefix = List.of();
    int value = ABSENT;
    Operation blocked;
    List<Operation> candidates = List.of();

    void record(int newDepth, int returnEntry) {
      depth = newDepth;
      prefix = prefixOperations(newDepth);
      value = RegisterSearch.this.value;
      blocked = operations.get(operationOfEntry[returnEntry]);
      candidates = new ArrayList<>();
      for (int e = next[HEAD]; e != returnEntry; e = next[e]) {
        candidates.add(operations.get(operationOfEntry[e]));
      }
    }

    KeyResult toResult(Verdict verdict, long steps, String reason) {
      Optional<String> valueAfterPrefix = valuesById.get(value);
      Optional<Operation> blockedOperation =
          verdict == Verdict.LINEARIZABLE ? Optional.empty() : Optional.ofNullable(blocked);
      List<Operation> shownCandidates = verdict == Verdict.LINEARIZABLE ? List.of() : candidates;
      String explanation = Explanations.describe(key, verdict, reason, operations.size(), steps,
          prefix, valueAfterPrefix, blockedOperation, shownCandidates);
      return new KeyResult(key, verdict, operations.size(), steps, prefix, valueAfterPrefix,
          blockedOperation, shownCandidates, explanation);
    }
  }
}
