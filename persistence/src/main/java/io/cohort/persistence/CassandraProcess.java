package io.cohort.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cassandra child JVM: stops it with SIGTERM or SIGKILL, keeps the directory's PID file, and stops
 * the child from a JVM shutdown hook when the parent exits first.
 *
 * <p>NOTE: A parent killed with SIGKILL runs no shutdown hook and leaves the child running. Stop such a
 * child by the PID in the node directory's cassandra.pid; the next start on that directory refuses to
 * run while it is alive.
 */
final class CassandraProcess {
  private static final Logger log = LoggerFactory.getLogger(CassandraProcess.class);

  /** How long {@link #kill} waits for the process to exit after SIGKILL. */
  static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final NodeDirectories dirs;
  private final Thread shutdownHook;

  private CassandraProcess(Process process, NodeDirectories dirs, Duration stopTimeout) {
    this.process = process;
    this.dirs = dirs;
    this.shutdownHook = new Thread(() -> stop(stopTimeout), "cassandra-stop-" + process.pid());
  }

  /** Wraps a started child, writes its PID file and registers the shutdown hook. */
  static CassandraProcess adopt(Process process, NodeDirectories dirs, Duration stopTimeout) {
    CassandraProcess child = new CassandraProcess(process, dirs, stopTimeout);
    Runtime.getRuntime().addShutdownHook(child.shutdownHook);
    try {
      Files.writeString(dirs.pidFile(), Long.toString(process.pid()) + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      log.warn("Failed to write PID file {} for Cassandra pid {}", dirs.pidFile(), process.pid(), e);
    }
    return child;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Returns a future that completes with the exit code when the process exits. */
  CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /**
   * Waits up to {@code timeout} for the process to exit and returns true if it did. An interrupt ends the
   * wait early; the interrupt flag is set again and the method returns whether the process has exited.
   */
  boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /**
   * Sends SIGTERM, waits up to {@code timeout} for Cassandra's own shutdown (which flushes and closes its
   * files), then sends SIGKILL. Does nothing but clean up when the process has already exited.
   */
  synchronized void stop(Duration timeout) {
    if (process.isAlive()) {
      log.info("Stopping Cassandra pid {} with SIGTERM", pid());
      long started = System.nanoTime();
      // On Linux and macOS, Process.destroy sends SIGTERM.
      process.destroy();
      if (awaitExit(timeout)) {
        log.info(
            "Cassandra pid {} exited with code {} after {} ms",
            pid(),
            process.exitValue(),
            Duration.ofNanos(System.nanoTime() - started).toMillis());
      } else {
        log.warn("Cassandra pid {} did not exit within {} after SIGTERM; sending SIGKILL", pid(), timeout);
        killAndWait();
      }
    }
    cleanUp();
  }

  /** Sends SIGKILL and waits up to {@link #KILL_TIMEOUT} for the process to exit. */
  synchronized void kill() {
    if (process.isAlive()) {
      log.info("Killing Cassandra pid {} with SIGKILL", pid());
      killAndWait();
    }
    cleanUp();
  }

  private void killAndWait() {
    process.destroyForcibly();
    if (!awaitExit(KILL_TIMEOUT)) {
      log.error("Cassandra pid {} is still alive {} after SIGKILL", pid(), KILL_TIMEOUT);
    }
  }

  /** Removes the shutdown hook, so the caller alone decides when the child stops. */
  void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and this call may come from the hook itself.
    }
  }

  private void cleanUp() {
    removeShutdownHook();
    if (!process.isAlive()) {
      deletePidFile();
    }
  }

  /** Deletes the PID file if it still contains this process's PID, so a newer start's file stays. */
  private void deletePidFile() {
    try {
      if (Files.isRegularFile(dirs.pidFile())
          && Files.readString(dirs.pidFile(), StandardCharsets.US_ASCII).trim().equals(Long.toString(pid()))) {
        Files.delete(dirs.pidFile());
      }
    } catch (IOException e) {
      log.warn("Failed to delete PID file {} of Cassandra pid {}", dirs.pidFile(), pid(), e);
    }
  }
}
