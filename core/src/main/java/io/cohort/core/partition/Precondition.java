package io.cohort.core.partition;

/**
 * The condition a write needs to hold on the key's current version before it is applied. Versions start at 1,
 * and {@code 0} stands for "absent" in replies.
 */
public record Precondition(Kind kind, long version) {

  public enum Kind {
    /** Apply unconditionally. */
    ANY,
    /** Apply only if the key does not exist ({@code If-None-Match: *}). */
    ABSENT,
    /** Apply only if the key exists ({@code If-Match: *}). */
    PRESENT,
    /** Apply only if the key exists with exactly {@link #version()}. */
    VERSION
  }

  public static final Precondition NONE = new Precondition(Kind.ANY, 0);
  public static final Precondition IF_ABSENT = new Precondition(Kind.ABSENT, 0);
  public static final Precondition IF_PRESENT = new Precondition(Kind.PRESENT, 0);

  public static Precondition ifVersion(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1, was " + version);
    }
    return new Precondition(Kind.VERSION, version);
  }

  /** Returns whether a key whose current version is {@code currentVersion} (0 if absent) satisfies this. */
  public boolean isMetBy(long currentVersion) {
    return switch (kind) {
      case ANY -> true;
      case ABSENT -> currentVersion == 0;
      case PRESENT -> currentVersion != 0;
      case VERSION -> currentVersion == version;
    };
  }
}
