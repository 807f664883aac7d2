package io.cohort.client;

/**
 * A conditional write failed because the key's version did not match the condition: {@code 412} with problem type
 * {@code version-conflict}, or a {@code 404} for {@link CohortClient#deleteIfVersion(String, long)}.
 */
public class VersionConflictException extends CohortException {
  private static final long serialVersionUID = 1L;

  /** Value of {@link #currentVersion()} when the server did not report the version. */
  public static final long UNKNOWN_VERSION = -1;

  private final long currentVersion;

  /**
   * Creates an exception.
   *
   * @param currentVersion the key's version when the server checked the condition, 0 if the key was absent, or
   *     {@link #UNKNOWN_VERSION}
   */
  public VersionConflictException(String message, int status, Problem problem, long currentVersion) {
    super(message, status, problem, null);
    this.currentVersion = currentVersion;
  }

  /**
   * Returns the key's version when the server checked the condition, 0 if the key was absent, or
   * {@link #UNKNOWN_VERSION} if the response did not include it.
   */
  public long currentVersion() {
    return currentVersion;
  }
}
