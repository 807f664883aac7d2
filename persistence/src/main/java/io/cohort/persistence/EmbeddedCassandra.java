package io.cohort.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A running Cassandra node that {@link CassandraLauncher} started as a child JVM. Closing it stops the
 * node; a JVM shutdown hook also stops it if the parent JVM exits first. Start the node again with
 * {@link CassandraLauncher#start} on the same {@link CassandraNode} to keep its data.
 */
public final class EmbeddedCassandra implements AutoCloseable {

  /**
   * How long {@link #stop()} waits after SIGTERM before it sends SIGKILL. Cassandra drains on SIGTERM,
   * which flushes its memtables. In CassandraLauncherTest on a 2-core machine a single node with a few
   * test tables exited about 2.5 s after SIGTERM; the bound leaves room for larger memtables.
   */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final CassandraNode node;
  private final CassandraProcess process;
  private final String releaseVersion;
  private final Duration startDuration;

  EmbeddedCassandra(CassandraNode node, CassandraProcess process, String releaseVersion, Duration startDuration) {
    this.node = node;
    this.process = process;
    this.releaseVersion = releaseVersion;
    this.startDuration = startDuration;
  }

  /** Returns the operating-system process id of the Cassandra JVM. */
  public long pid() {
    return process.pid();
  }

  /** Returns the CQL contact point as {@code host:port}, such as {@code 127.0.0.1:9042}. */
  public String contactPoint() {
    return node.contactPoint();
  }

  public CassandraNode node() {
    return node;
  }

  /** Returns the release_version that the node reported, such as {@code 5.0.6}. */
  public String releaseVersion() {
    return releaseVersion;
  }

  /** Returns the time from starting the child process until the node responded to CQL. */
  public Duration startDuration() {
    return startDuration;
  }

  /** Returns Cassandra's own log file, {@code logs/system.log} under the node directory. */
  public Path systemLog() {
    return new NodeDirectories(node.dir()).systemLog();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns a future that completes with the exit code when the Cassandra JVM exits for any reason. */
  public CompletableFuture<Integer> onExit() {
    return process.onExit();
  }

  /**
   * Stops the node with SIGTERM and waits up to {@link #STOP_TIMEOUT} for it to exit, then sends SIGKILL.
   * Returns at once when the node has already exited.
   */
  public void stop() {
    process.stop(STOP_TIMEOUT);
  }

  /**
   * Kills the node with SIGKILL, as a crash would, and waits for the process to exit. Cassandra replays
   * its commit log on the next start.
   */
  public void kill() {
    process.kill();
  }

  /**
   * Removes the JVM shutdown hook, so the node stops only through this handle. It is for a caller whose own
   * shutdown hook must stop Cassandra's clients first, and that hook then has to call {@link #stop()}.
   */
  public void stopOnlyExplicitly() {
    process.removeShutdownHook();
  }

  /** Stops the node, as {@link #stop()} does. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "EmbeddedCassandra[" + contactPoint() + ", pid " + pid() + ", dir " + node.dir() + "]";
  }
}
