package io.cohort.client;

/**
 * The server rejected the request with a {@code 4xx} status other than a version conflict, for example
 * {@code 400} for a value that is not JSON, {@code 413} for a value over the size limit or {@code 414} for a key
 * that is too long. Retrying the same request fails the same way.
 */
public class InvalidRequestException extends CohortException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message, int status, Problem problem) {
    super(message, status, problem, null);
  }
}
