package io.cohort.chaos.check;

import io.cohort.chaos.history.Operation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Outcome of {@link LinearizabilityChecker#check}: an overall verdict and one result per key.
 *
 * @param verdict NOT_LINEARIZABLE if any key is not linearizable, otherwise UNKNOWN if the
 *     search on any key stopped at a limit, otherwise LINEARIZABLE
 * @param keys one result per key, sorted by key
 */
public record LinearizabilityResult(Verdict verdict, List<KeyResult> keys) {

  /** Verdict of the checker for a key or a whole history. */
  public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The search stopped at its step or time limit before reaching a verdict. */
    UNKNOWN
  }

  public LinearizabilityResult {
    Objects.requireNonNull(verdict, "verdict");
    keys = List.copyOf(keys);
  }

  /** Combines per-key results: one non-linearizable key makes the history non-linearizable. */
  static LinearizabilityResult combine(List<KeyResult> keys) {
    Verdict verdict = Verdict.LINEARIZABLE;
    for (KeyResult key : keys) {
      if (key.verdict() == Verdict.NOT_LINEARIZABLE) {
        verdict = Verdict.NOT_LINEARIZABLE;
        break;
      }
      if (key.verdict() == Verdict.UNKNOWN) {
        verdict = Verdict.UNKNOWN;
      }
    }
    return new LinearizabilityResult(verdict, keys);
  }

  /** Returns whether every key was shown linearizable. */
  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** Returns the results of the keys that are not linearizable or that hit a search limit. */
  public List<KeyResult> problems() {
    return keys.stream().filter(key -> key.verdict() != Verdict.LINEARIZABLE).toList();
  }

  /** Returns the verdict followed by the explanation of every key that is not LINEARIZABLE. */
  public String explanation() {
    String summary = verdict + " (" + keys.size() + " keys checked)";
    List<KeyResult> problems = problems();
    if (problems.isEmpty()) {
      return summary;
    }
    return summary + "\n" + problems.stream()
        .map(KeyResult::explanation)
        .collect(Collectors.joining("\n"));
  }

  /**
   * Result of the search on one key.
   *
   * @param key the key
   * @param verdict the verdict for this key
   * @param operationCount operations the search considered. It excludes FAILED operations
   *     and UNKNOWN READs, which carry no information, and UNKNOWN writes whose value no
   *     considered operation reads or expects, which cannot change the verdict.
   * @param steps search steps taken, where one step is one attempt to linearize an
   *     operation or one backtrack
   * @param prefix for LINEARIZABLE, a linearization of every OK operation and of the UNKNOWN
   *     writes that took effect in it. Otherwise the longest linearizable prefix the search
   *     reached, in linearization order.
   * @param valueAfterPrefix register value after {@code prefix}, where empty means absent
   * @param blockedOperation unless LINEARIZABLE, the operation whose completion the search
   *     reached at the end of {@code prefix} before it could linearize that operation
   * @param candidates unless LINEARIZABLE, the operations invoked before
   *     {@code blockedOperation} completed that are not in {@code prefix}. The search tried
   *     each of them after {@code prefix}, and every attempt failed. Includes
   *     {@code blockedOperation} itself.
   * @param explanation human-readable summary of the fields above
   */
  public record KeyResult(
      String key,
      Verdict verdict,
      int operationCount,
      long steps,
      List<Operation> prefix,
      Optional<String> valueAfterPrefix,
      Optional<Operation> blockedOperation,
      List<Operation> candidates,
      String explanation) {

    public KeyResult {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(verdict, "verdict");
      prefix = List.copyOf(prefix);
      Objects.requireNonNull(valueAfterPrefix, "valueAfterPrefix");
      Objects.requireNonNull(blockedOperation, "blockedOperation");
      candidates = List.copyOf(candidates);
      Objects.requireNonNull(explanation, "explanation");
    }
  }
}
