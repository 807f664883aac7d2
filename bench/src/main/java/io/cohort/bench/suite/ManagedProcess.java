package io.cohort.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process that the suite started, and how to stop it: SIGTERM, a grace period, then SIGKILL for the
 * process and every descendant still alive.
 *
 * @param name name in log lines, such as {@code redis-server}
 * @param handle the process
 * @param gracePeriod how long to wait after SIGTERM before SIGKILL
 * @param signalDescendants true to send SIGTERM to the descendants too. A shell that runs a command is stopped
 *     this way, because SIGTERM ends the shell but not its child. It is false for a process that stops its
 *     own children in order, such as {@code bin/cohort local}.
 */
record ManagedProcess(String name, ProcessHandle handle, Duration gracePeriod, boolean signalDescendants) {

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /**
   * Stops the process and its descendants and returns the descendants that were found, so a caller can check
   * later that they are gone. Returns at once when the process has exited.
   */
  List<ProcessHandle> stop() {
    List<ProcessHandle> descendants = new ArrayList<>(handle.descendants().toList());
    if (!handle.isAlive() && descendants.isEmpty()) {
      return descendants;
    }
    BenchLog.info("stopping " + name + " (pid " + handle.pid() + ")");
    handle.destroy();
    if (signalDescendants) {
      descendants.forEach(ProcessHandle::destroy);
    }
    long deadline = System.nanoTime() + gracePeriod.toNanos();
    awaitExit(handle, deadline);
    for (ProcessHandle descendant : descendants) {
      awaitExit(descendant, deadline);
    }
    killSurvivors(descendants);
    return descendants;
  }

  private void killSurvivors(List<ProcessHandle> descendants) {
    List<ProcessHandle> all = new ArrayList<>(descendants);
    all.add(handle);
    for (ProcessHandle process : all) {
      if (process.isAlive()) {
        BenchLog.warn(name + ": pid " + process.pid() + " did not exit within " + gracePeriod.toSeconds()
            + " s of SIGTERM; sending SIGKILL");
        process.destroyForcibly();
        awaitExit(process, System.nanoTime() + KILL_WAIT.toNanos());
      }
    }
  }

  /** Waits until the process exits or the deadline, from {@link System#nanoTime}, passes. */
  static void awaitExit(ProcessHandle process, long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0 || !process.isAlive()) {
      return;
    }
    try {
      process.onExit().get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The caller checks isAlive afterwards.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
