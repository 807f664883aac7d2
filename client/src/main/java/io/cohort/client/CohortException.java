package io.cohort.client;

import java.util.Optional;

/**
 * Base type of the errors that {@link CohortClient} operations fail with. It is thrown directly for unexpected
 * responses, such as a {@code 500}, a {@code 307} outside redirect mode or too many redirects in a row. It is also
 * thrown for an I/O error after the request was sent, once no retry is allowed.
 */
public class CohortException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Problem problem;

  /**
   * Creates an exception.
   *
   * @param message what failed, on which key or node
   * @param status the HTTP status of the response, or 0 if there was no response
   * @param problem the problem body of the response, or null if the server sent none
   * @param cause the underlying error, or null
   */
  public CohortException(String message, int status, Problem problem, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.problem = problem;
  }

  /** Returns the HTTP status of the response that caused this error, or 0 if no response arrived. */
  public int status() {
    return status;
  }

  /** Returns the problem details the server sent, if it sent any. */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }
}
