package io.cohort.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * Every process that the suite started, so that they are stopped by PID on every path: after each phase, in
 * {@code finally}, and from a shutdown hook on Ctrl-C or SIGTERM. {@link #survivors} checks at the end that
 * none of them, and none of the processes they started, is still alive.
 */
final class ProcessTracker {

  /** Processes to stop, most recent last. */
  private final List<ManagedProcess> running = new ArrayList<>();
  /** Every process seen, stopped or not, for the final check. */
  private final List<ProcessHandle> seen = new ArrayList<>();
  /** Stop actions of servers that other code stops, such as the Cassandra launcher's handle. */
  private final List<Runnable> customStops = new ArrayList<>();

  /** Set by {@link #stopAll}; afterwards no new process may run. */
  private boolean stopping;

  /**
   * Adds a process to stop later.
   *
   * @throws IllegalStateException after {@link #stopAll} began, such as on Ctrl-C; the process is stopped first
   */
  ManagedProcess track(ManagedProcess process) {
    synchronized (this) {
      seen.add(process.handle());
      if (!stopping) {
        running.add(process);
        return process;
      }
    }
    process.stop();
    throw new IllegalStateException("the suite is stopping, so " + process.name() + " was stopped at once");
  }

  /** Returns true once {@link #stopAll} began, so the suite starts no further phase or system. */
  synchronized boolean isStopping() {
    return stopping;
  }

  /** Adds a process that another process started, such as a Cohort node, to the final check. */
  synchronized void watch(ProcessHandle process) {
    seen.add(process);
  }

  /** Registers a stop action for {@link #stopAll}; {@link #forget} removes it after its owner stopped. */
  void trackStop(Runnable stop) {
    synchronized (this) {
      if (!stopping) {
        customStops.add(stop);
        return;
      }
    }
    stop.run();
    throw new IllegalStateException("the suite is stopping, so the server was stopped at once");
  }

  synchronized void forget(Runnable stop) {
    customStops.remove(stop);
  }

  /** Stops one tracked process and its descendants, and keeps them for the final check. */
  void stop(ManagedProcess process) {
    List<ProcessHandle> descendants = process.stop();
    synchronized (this) {
      running.remove(process);
      seen.addAll(descendants);
    }
  }

  /**
   * Stops every tracked process, the most recent first, then runs the registered stop actions. From then on,
   * {@link #track} and {@link #trackStop} stop what they are given.
   */
  void stopAll() {
    List<ManagedProcess> toStop;
    List<Runnable> stops;
    synchronized (this) {
      stopping = true;
      toStop = new ArrayList<>(running);
      stops = new ArrayList<>(customStops);
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      stop(toStop.get(i));
    }
    for (Runnable stop : stops) {
      try {
        stop.run();
      } catch (RuntimeException e) {
        BenchLog.warn("failed to stop a server: " + e);
      }
    }
  }

  /** Returns a description of each process seen that is still alive, empty when all have exited. */
  synchronized List<String> survivors() {
    List<String> alive = new ArrayList<>();
    for (ProcessHandle process : seen) {
      if (process.isAlive()) {
        alive.add("pid " + process.pid() + " (" + process.info().command().orElse("unknown command") + ")");
      }
    }
    return alive;
  }

  /** Installs a JVM shutdown hook that calls {@link #stopAll}, for Ctrl-C and SIGTERM. */
  void installShutdownHook() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "cohort-bench-stop"));
  }
}
