package io.cohort.chaos.check;

import io.cohort.chaos.history.History;
import io.cohort.chaos.history.Operation;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the final value of every key reflects the acknowledged writes of a history,
 * so that no acknowledged WRITE or CAS was lost.
 *
 * <p>The final values must be read after every operation of the history has completed or
 * been abandoned, with no other writers. Every key is assumed absent before the history.
 * In this class, a write is a WRITE or CAS, and the outcome decides how it counts:
 *
 * <ul>
 *   <li>A FAILED write had no effect and is ignored.
 *   <li>An OK write took effect between its invocation and completion.
 *   <li>An UNKNOWN write may have taken effect at any time after its invocation, including
 *       after every other write, or never. A client whose request timed out may still see it
 *       applied after its later requests.
 * </ul>
 *
 * <p>An OK write W is <em>superseded</em> when another OK write on the same key was invoked
 * strictly after W completed, so equal times count as concurrent. That write took effect
 * after W, so W's value may legitimately be gone. The final value of a key is
 * <em>acceptable</em> exactly when one of these is true:
 *
 * <ol>
 *   <li>it equals the value of an OK write on the key that is not superseded;
 *   <li>it equals the value of an UNKNOWN write on the key;
 *   <li>it is absent and the key has no OK write.
 * </ol>
 *
 * <p>With a single client that issues one request at a time, the only OK write that is not
 * superseded is its last acknowledged write. So the final value must be that write's value
 * or the value of one of the client's UNKNOWN writes. With several clients, it must be the
 * value of a write that no acknowledged write followed in real time, or of an UNKNOWN write.
 * This is stricter than "the last acknowledged write of some client": if client 1's last
 * acknowledged write completed before client 2 invoked an acknowledged write, client 1's
 * value is not acceptable.
 *
 * <p>When the final value is not acceptable, the checker reports every OK write that is not
 * superseded as lost, because the history shows no acknowledged write that replaced it.
 * This check does not verify the order of operations or the values reads returned. That is
 * the job of {@link LinearizabilityChecker}.
 */
public final class AcknowledgedWritesChecker {

  /**
   * Checks {@code finalValues} against {@code operations}.
   *
   * @param finalValues value of each key read after the history, where empty means absent.
   *     It must contain every key that the history writes, with or without success.
   * @throws IllegalArgumentException if a key that the history writes is missing from
   *     {@code finalValues}
   */
  public Result check(Collection<Operation> operations, Map<String, Optional<String>> finalValues) {
    Objects.requireNonNull(finalValues, "finalValues");
    Map<String, List<Operation>> byKey = History.groupByKey(operations);
    Set<String> missingKeys = new TreeSet<>();
    for (Map.Entry<String, List<Operation>> entry : byKey.entrySet()) {
      boolean written = entry.getValue().stream().anyMatch(Operation::isWrite);
      if (written && !finalValues.containsKey(entry.getKey())) {
        missingKeys.add(entry.getKey());
      }
    }
    if (!missingKeys.isEmpty()) {
      throw new IllegalArgumentException("final values are missing for written keys "
          + missingKeys + ". Read every written key after the history, and pass "
          + "Optional.empty() for a key that is absent.");
    }

    Set<String> keys = new TreeSet<>(byKey.keySet());
    keys.addAll(finalValues.keySet());
    List<Violation> violations = new ArrayList<>();
    for (String key : keys) {
      Optional<String> finalValue = Objects.requireNonNull(
          finalValues.getOrDefault(key, Optional.empty()), () -> "final value of key " + key);
      checkKey(key, byKey.getOrDefault(key, List.of()), finalValue).ifPresent(violations::add);
    }
    return new Result(violations);
  }

  private static Optional<Violation> checkKey(
      String key, List<Operation> operations, Optional<String> finalValue) {
    List<Operation> writes = operations.stream().filter(Operation::isWrite).toList();
    long latestOkInvoke = Long.MIN_VALUE;
    boolean anyOk = false;
    for (Operation write : writes) {
      if (write.outcome() == Outcome.OK) {
        anyOk = true;
        latestOkInvoke = Math.max(latestOkInvoke, write.invokeNanos());
      }
    }

    List<Operation> lastAcknowledged = new ArrayList<>();
    Set<Optional<String>> acceptable = new LinkedHashSet<>();
    for (Operation write : writes) {
      boolean notSuperseded =
          write.outcome() == Outcome.OK && write.completeNanos() >= latestOkInvoke;
      if (notSuperseded) {
        lastAcknowledged.add(write);
      }
      if (notSuperseded || write.outcome() == Outcome.UNKNOWN) {
        acceptable.add(Optional.of(write.newValue()));
      }
    }
    if (!anyOk) {
      acceptable.add(Optional.empty());
    }
    if (acceptable.contains(finalValue)) {
      return Optional.empty();
    }
    String explanation = explain(key, finalValue, writes, lastAcknowledged, acceptable);
    return Optional.of(new Violation(key, finalValue, lastAcknowledged, acceptable, explanation));
  }

  private static String explain(String key, Optional<String> finalValue, List<Operation> writes,
      List<Operation> lost, Set<Optional<String>> acceptable) {
    StringBuilder text = new StringBuilder();
    text.append("key '").append(key).append("': final value ")
        .append(Operation.formatValue(finalValue)).append(" is not acceptable. Acceptable: ")
        .append(acceptable.stream().map(Operation::formatValue).collect(Collectors.joining(", ")))
        .append('\n');

    List<Operation> sameValue = writes.stream()
        .filter(write -> finalValue.isPresent() && write.newValue().equals(finalValue.get()))
        .toList();
    if (finalValue.isEmpty()) {
      text.append("  The key is absent although it has acknowledged writes.\n");
    } else if (sameValue.isEmpty()) {
      text.append("  No write in the history wrote this value.\n");
    } else {
      text.append("  Writes of this value, each FAILED or superseded by a later acknowledged")
          .append(" write:\n");
      for (Operation write : sameValue) {
        text.append("    ").append(write.describe()).append('\n');
      }
    }

    if (!lost.isEmpty()) {
      text.append("  Lost acknowledged writes:\n");
      for (Operation write : lost) {
        text.append("    ").append(write.describe()).append('\n');
      }
    }
    return text.toString().strip();
  }

  /** Violations found, one per key, sorted by key. Empty when every final value is acceptable. */
  public record Result(List<Violation> violations) {
    public Result {
      violations = List.copyOf(violations);
    }

    /** Returns whether every final value is acceptable. */
    public boolean passed() {
      return violations.isEmpty();
    }

    /** Returns one explanation per violation, or a short message when there is none. */
    public String explanation() {
      if (violations.isEmpty()) {
        return "every final value reflects the acknowledged writes";
      }
      return violations.stream().map(Violation::explanation).collect(Collectors.joining("\n"));
    }
  }

  /**
   * A key whose final value is not acceptable.
   *
   * @param key the key
   * @param finalValue value read after the history, where empty means absent
   * @param lostWrites OK writes on the key that are not superseded, in history order. It is
   *     empty when the key has no OK write but has a value that no UNKNOWN write wrote.
   * @param acceptableValues values the key could have had, in history order, where empty
   *     means absent
   * @param explanation human-readable summary of the fields above
   */
  public record Violation(
      String key,
      Optional<String> finalValue,
      List<Operation> lostWrites,
      Set<Optional<String>> acceptableValues,
      String explanation) {
    public Violation {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(finalValue, "finalValue");
      lostWrites = List.copyOf(lostWrites);
      acceptableValues = Collections.unmodifiableSet(new LinkedHashSet<>(acceptableValues));
      Objects.requireNonNull(explanation, "explanation");
    }
  }
}
