package io.cohort.client;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classification of the errors of {@link java.net.http.HttpClient} sends. */
final class Failures {
  private static final int MAX_CAUSE_DEPTH = 8;

  private Failures() {}

  /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
      boolean wrapper = current instanceof CompletionException || current instanceof ExecutionException;
      if (!wrapper || current.getCause() == null) {
        return current;
      }
      current = current.getCause();
    }
    return current;
  }

  /**
   * Returns whether no connection to the node was established: a {@link ConnectException} (for example, connection
   * refused) or a connect timeout, anywhere in the cause chain. The request then never reached the node.
   */
  static boolean isConnectFailure(Throwable error) {
    Throwable current = error;
    for (int depth = 0; depth < MAX_CAUSE_DEPTH && current != null; depth++) {
      if (current instanceof ConnectException || current instanceof HttpConnectTimeoutException) {
        return true;
      }
      current = current.getCause();
    }
    return false;
  }

  /** Returns whether the request was sent but no response arrived within the request timeout. */
  static boolean isResponseTimeout(Throwable error) {
    return error instanceof HttpTimeoutException && !isConnectFailure(error);
  }
}
