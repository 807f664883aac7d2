package io.cohort.chaos.history;

import java.util.Objects;
import java.util.Optional;

/**
 * One client operation on one key of the key-value service, as a client saw it.
 *
 * <p>Values are strings. {@code Optional.empty()} stands for "absent", the state of a key
 * that has never been written. WRITE and CAS always write a present value, so a key
 * never becomes absent again once written.
 *
 * @param id position of the operation in its history, unique within that history
 * @param process id of the client process that issued the operation
 * @param key key the operation addresses
 * @param kind READ, WRITE or CAS
 * @param expected for CAS, the value the key must have for the CAS to take effect, where
 *     empty means the key must be absent. Empty for READ and WRITE.
 * @param newValue for WRITE and CAS, the value written. Null for READ.
 * @param observed for a READ with outcome OK, the value read, where empty means absent.
 *     Empty for every other operation.
 * @param invokeNanos time the client sent the request, in nanoseconds on the history's clock
 * @param completeNanos time the client received the response or gave up waiting, in
 *     nanoseconds on the same clock. Checkers treat the completion of an UNKNOWN operation
 *     as infinitely late, because it may still take effect.
 * @param outcome OK, FAILED or UNKNOWN
 */
public record Operation(
    int id,
    int process,
    String key,
    Kind kind,
    Optional<String> expected,
    String newValue,
    Optional<String> observed,
    long invokeNanos,
    long completeNanos,
    Outcome outcome) {

  /** Operation type on a single-key register. */
  public enum Kind {
    /** Reads the current value or absent. */
    READ,
    /** Sets the value unconditionally. */
    WRITE,
    /** Compare-and-set: sets the value only if the current value equals {@code expected}. */
    CAS
  }

  /** Result of an operation as the client saw it. */
  public enum Outcome {
    /** The operation took effect, and for a READ, {@code observed} is its result. */
    OK,
    /**
     * The operation did not take effect, for example a CAS that got 412 Precondition
     * Failed or any other 4xx response. A FAILED READ carries no information.
     */
    FAILED,
    /**
     * The client does not know whether the operation took effect, for example after a
     * timeout or a dropped connection. It may take effect at any time after its invocation,
     * or never.
     */
    UNKNOWN
  }

  /**
   * Validates the fields against the kind and outcome.
   *
   * @throws IllegalArgumentException if a field is missing or set for a kind that does not
   *     use it, or if an OK or FAILED operation completes before it was invoked
   */
  public Operation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(outcome, "outcome");
    if (kind != Kind.CAS && expected.isPresent()) {
      throw new IllegalArgumentException(
          "operation " + id + ": expected value " + expected.get() + " is set on a " + kind
              + ", but only CAS uses it");
    }
    if (kind == Kind.READ && newValue != null) {
      throw new IllegalArgumentException(
          "operation " + id + ": new value " + newValue + " is set on a READ");
    }
    if (kind != Kind.READ && newValue == null) {
      throw new IllegalArgumentException(
          "operation " + id + ": " + kind + " has no new value, but WRITE and CAS must write one");
    }
    if (observed.isPresent() && !(kind == Kind.READ && outcome == Outcome.OK)) {
      throw new IllegalArgumentException(
          "operation " + id + ": observed value " + observed.get() + " is set on a " + outcome
              + " " + kind + ", but only an OK READ observes a value");
    }
    if (outcome != Outcome.UNKNOWN && completeNanos < invokeNanos) {
      throw new IllegalArgumentException(
          "operation " + id + ": completion time " + completeNanos
              + " ns is before invocation time " + invokeNanos + " ns");
    }
  }

  /** Returns whether this operation is a WRITE or a CAS. */
  public boolean isWrite() {
    return kind != Kind.READ;
  }

  /**
   * Returns a one-line description for checker messages, for example
   * {@code #7 p2 CAS('v1' -> 'v3') OK [100, 250]}. An UNKNOWN operation shows {@code ?} as
   * its completion time.
   */
  public String describe() {
    String call = switch (kind) {
      case READ -> outcome == Outcome.OK ? "READ -> " + formatValue(observed) : "READ";
      case WRITE -> "WRITE(" + formatValue(Optional.of(newValue)) + ")";
      case CAS -> "CAS(" + formatValue(expected) + " -> "
          + formatValue(Optional.of(newValue)) + ")";
    };
    String completion = outcome == Outcome.UNKNOWN ? "?" : Long.toString(completeNanos);
    return "#" + id + " p" + process + " " + call + " " + outcome
        + " [" + invokeNanos + ", " + completion + "]";
  }

  /** Formats a value for messages, writing absent as {@code <absent>}. */
  public static String formatValue(Optional<String> value) {
    return value.map(v -> "'" + v + "'").orElse("<absent>");
  }
}
