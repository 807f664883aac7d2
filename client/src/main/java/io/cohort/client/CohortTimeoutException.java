package io.cohort.client;

/**
 * No response arrived within the request timeout. A write that failed with this error may or may not have been
 * applied.
 */
public class CohortTimeoutException extends CohortException {
  private static final long serialVersionUID = 1L;

  public CohortTimeoutException(String message, Throwable cause) {
    super(message, 0, null, cause);
  }
}
