package io.cohort.chaos.check;

import io.cohort.chaos.check.LinearizabilityResult.KeyResult;
import io.cohort.chaos.check.LinearizabilityResult.Verdict;
import io.cohort.chaos.history.History;
import io.cohort.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks whether a history of READ, WRITE and CAS operations is linearizable, with each key
 * behaving as an atomic register that starts absent.
 *
 * <p>Linearizability is compositional, so each key is checked on its own. For one key the
 * checker runs the depth-first search of Wing and Gong with Lowe's memoization, described in
 * {@link RegisterSearch}. The rules for outcomes are:
 *
 * <ul>
 *   <li>An OK operation must take effect at one point between its invocation and completion.
 *   <li>A FAILED operation is ignored. A FAILED CAS had no effect, and a FAILED READ returned
 *       no value. A 412 response does show that the value differed from the expected one at
 *       some point, but the checker does not use that.
 *   <li>An UNKNOWN WRITE or CAS may take effect at any point after its invocation, or never.
 *       An UNKNOWN READ is ignored.
 * </ul>
 *
 * <p>The search takes exponential time in the worst case, so it is bounded: each key gets at
 * most {@code maxStepsPerKey} steps, and the whole check may get a time limit. A key whose
 * search stops at a limit gets the verdict UNKNOWN. Memory grows with the steps, because a
 * step that linearizes an operation adds a cache entry of about {@code 80 + n / 8} bytes for
 * {@code n} operations on the key (an estimate from the object layout, not a measurement).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LinearizabilityChecker {
  /**
   * Default step limit per key. On 1,000-operation histories of one key from the tests'
   * {@code RegisterSimulator} (seeds 0 to 9, UNKNOWN rates 0, 0.05 and 0.2, with and without
   * one corrupted read), the search needed at most 7,000 steps with 5 clients and 78,000
   * with 10 clients. With 20 clients it needed up to 1.9 million, and 2 of 60 runs hit this
   * limit. Those runs cached at most one configuration per 5 steps, so by the estimate above
   * this limit keeps the cache near 80 MB for 1,000 operations, and below about 400 MB even
   * if every step added an entry.
   */
  public static final long DEFAULT_MAX_STEPS_PER_KEY = 2_000_000;

  private final long maxStepsPerKey;
  private final Optional<Duration> timeLimit;

  /** Creates a checker with {@link #DEFAULT_MAX_STEPS_PER_KEY} and no time limit. */
  public LinearizabilityChecker() {
    this(DEFAULT_MAX_STEPS_PER_KEY, Optional.empty());
  }

  /**
   * Creates a checker with the given limits.
   *
   * @param maxStepsPerKey maximum search steps for each key, at least 1
   * @param timeLimit maximum wall-clock time for one {@link #check} call over all keys, or
   *     empty for none. The search checks the clock before each key and every 1,024 steps,
   *     and keys not finished in time get the verdict UNKNOWN.
   */
  public LinearizabilityChecker(long maxStepsPerKey, Optional<Duration> timeLimit) {
    if (maxStepsPerKey < 1) {
      throw new IllegalArgumentException(
          "maxStepsPerKey must be at least 1 but is " + maxStepsPerKey);
    }
    Objects.requireNonNull(timeLimit, "timeLimit");
    timeLimit.ifPresent(limit -> {
      if (limit.isNegative()) {
        throw new IllegalArgumentException("timeLimit must not be negative but is " + limit);
      }
    });
    this.maxStepsPerKey = maxStepsPerKey;
    this.timeLimit = timeLimit;
  }

  /** Checks every key of {@code operations} and combines the per-key verdicts. */
  public LinearizabilityResult check(Collection<Operation> operations) {
    long startNanos = System.nanoTime();
    Map<String, List<Operation>> byKey = History.groupByKey(operations);
    List<KeyResult> results = new ArrayList<>(byKey.size());
    for (Map.Entry<String, List<Operation>> entry : byKey.entrySet()) {
      results.add(checkKey(entry.getKey(), entry.getValue(), startNanos));
    }
    return LinearizabilityResult.combine(results);
  }

  /**
   * Checks the operations of a single key.
   *
   * @throws IllegalArgumentException if an operation addresses another key
   */
  public KeyResult checkKey(String key, Collection<Operation> operations) {
    for (Operation operation : operations) {
      if (!operation.key().equals(key)) {
        throw new IllegalArgumentException("operation " + operation.id() + " addresses key '"
            + operation.key() + "', but checkKey was called for key '" + key + "'");
      }
    }
    return checkKey(key, List.copyOf(operations), System.nanoTime());
  }

  private KeyResult checkKey(String key, List<Operation> operations, long startNanos) {
    boolean hasDeadline = timeLimit.isPresent();
    long deadlineNanos = startNanos + timeLimit.map(Duration::toNanos).orElse(0L);
    if (hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
      String explanation = "key '" + key + "': " + Verdict.UNKNOWN
          + ": search limit reached: the time limit of " + timeLimit.get()
          + " passed before the search on this key started";
      int considered = RegisterSearch.relevantOperations(operations).size();
      return new KeyResult(key, Verdict.UNKNOWN, considered, 0, List.of(), Optional.empty(),
          Optional.empty(), List.of(), explanation);
    }
    return new RegisterSearch(key, operations, maxStepsPerKey, hasDeadline, deadlineNanos).run();
  }
}
