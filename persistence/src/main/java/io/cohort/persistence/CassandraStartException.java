package io.cohort.persistence;

import java.util.OptionalLong;

/**
 * Thrown when {@link CassandraLauncher#start} fails: before the child process starts, because the process
 * exited, or because CQL did not respond within the start timeout. The launcher has already stopped the
 * child process when this is thrown.
 */
public final class CassandraStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long pid;

  CassandraStartException(String message, long pid, Throwable cause) {
    super(message, cause);
    this.pid = pid;
  }

  CassandraStartException(String message) {
    this(message, -1, null);
  }

  /** Returns the PID of the child process, or empty when the failure came before the process started. */
  public OptionalLong pid() {
    return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
  }
}
