package io.cohort.persistence;

import com.datastax.oss.driver.api.core.DriverException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Cassandra 5.0 node as a child JVM and waits until it responds to CQL.
 *
 * <p>Cassandra's jars are not on this JVM's classpath: the child runs {@code CassandraDaemon} with the
 * classpath from {@link CassandraClasspath}, a generated cassandra.yaml and logback.xml under
 * {@code dir/conf}, and writes its log to {@code dir/logs/system.log} and its stdout and stderr to
 * {@code dir/logs/stdout.log}. {@link #main} runs the launcher from a script.
 */
public final class CassandraLauncher {
  private static final Logger log = LoggerFactory.getLogger(CassandraLauncher.class);

  /** Pause between two CQL checks while the node starts. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** Bound on each step of one CQL check (connect, handshake, query). */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** Log lines shown per file in a start failure's message. */
  private static final int TAIL_LINES = 40;

  /** The classpath does not change while the JVM runs, so its logback check is logged once. */
  private static volatile boolean logbackWarningLogged;

  private CassandraLauncher() {}

  /**
   * Starts the node and waits until {@code SELECT release_version FROM system.local} succeeds over CQL.
   *
   * <p>The wait ends early when the child process exits. It may overrun {@code node.startTimeout()} by one
   * CQL check, whose steps (port check, connect, handshake, query) are each bounded by 5 seconds.
   *
   * @throws CassandraStartException when the directory already has a running node, a port is not
   *     available, the process cannot be started, it exits, or CQL does not respond in time. The child is
   *     stopped by then, and the message contains the last lines of its logs.
   * @throws java.io.UncheckedIOException when the node directory or its config files cannot be written
   */
  public static EmbeddedCassandra start(CassandraNode node) {
    NodeDirectories dirs = new NodeDirectories(node.dir());
    CassandraClasspath classpath = CassandraClasspath.load();
    if (!logbackWarningLogged) {
      classpath.logbackVersionMismatch().ifPresent(problem -> log.warn("{}", problem));
      logbackWarningLogged = true;
    }
    requireNoRunningNode(dirs);
    requirePortAvailable(node.listenAddress(), node.nativePort(), "CQL native");
    requirePortAvailable(node.listenAddress(), node.storagePort(), "storage");

    dirs.createAll();
    CassandraConfigFiles.writeAll(node, dirs);
    List<LogTail> logTails = List.of(LogTail.from(dirs.systemLog()), LogTail.from(dirs.stdoutLog()));

    long startedNanos = System.nanoTime();
    CassandraProcess process = launch(node, dirs, classpath);
    log.info(
        "Started Cassandra pid {} for {} in {}; waiting up to {} s for CQL",
        process.pid(),
        node.contactPoint(),
        node.dir(),
        node.startTimeout().toSeconds());

    String releaseVersion;
    try {
      releaseVersion = awaitCql(node, process, startedNanos, logTails);
    } catch (RuntimeException e) {
      process.stop(EmbeddedCassandra.STOP_TIMEOUT);
      throw e;
    }
    Duration startDuration = Duration.ofNanos(System.nanoTime() - startedNanos);
    log.info(
        "Cassandra {} pid {} responds to CQL on {} after {} ms",
        releaseVersion,
        process.pid(),
        node.contactPoint(),
        startDuration.toMillis());
    return new EmbeddedCassandra(node, process, releaseVersion, startDuration);
  }

  /** Starts the child JVM with its output appended to logs/stdout.log. */
  private static CassandraProcess launch(CassandraNode node, NodeDirectories dirs, CassandraClasspath classpath) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CassandraJvmOptions.forNode(node, dirs, classpath.jammJar()));
    command.add("-cp");
    command.add(classpath.asArgument());
    command.add("org.apache.cassandra.service.CassandraDaemon");

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dirs.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs.stdoutLog().toFile()));
    // The child gets its classpath from -cp only.
    builder.environment().remove("CLASSPATH");

    try {
      return CassandraProcess.adopt(builder.start(), dirs, EmbeddedCassandra.STOP_TIMEOUT);
    } catch (IOException e) {
      throw new CassandraStartException("Failed to start the Cassandra JVM " + command.get(0), -1, e);
    }
  }

  /**
   * Polls the node until CQL responds and returns its release version. Throws when the process exits or
   * the start timeout passes.
   */
  private static String awaitCql(
      CassandraNode node, CassandraProcess process, long startedNanos, List<LogTail> logTails) {
    InetSocketAddress address = new InetSocketAddress(node.listenAddress(), node.nativePort());
    long deadline = startedNanos + node.startTimeout().toNanos();
    String lastError = "the CQL port was never open";
    DriverException lastDriverError = null;
    while (true) {
      if (!process.isAlive()) {
        throw new CassandraStartException(
            "Cassandra pid "
                + process.pid()
                + " exited with code "
                + process.onExit().join()
                + " before it responded to CQL on "
                + node.contactPoint()
                + ".\n"
                + describeLogs(logTails),
            process.pid(),
            null);
      }
      if (CqlProbe.isPortOpen(address, PROBE_TIMEOUT)) {
        try {
          return CqlProbe.releaseVersion(address, PROBE_TIMEOUT);
        } catch (DriverException e) {
          lastDriverError = e;
          lastError = e.getMessage();
          log.debug("CQL check of {} failed; retrying", node.contactPoint(), e);
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new CassandraStartException(
            "Interrupted while waiting for Cassandra pid " + process.pid() + " to respond to CQL; the process was stopped",
            process.pid(),
            null);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new CassandraStartException(
            "Cassandra pid "
                + process.pid()
                + " did not respond to CQL on "
                + node.contactPoint()
                + " within "
                + node.startTimeout().toSeconds()
                + " s (last error: "
                + lastError
                + "); the process was stopped. Raise the start timeout if the machine is slow.\n"
                + describeLogs(logTails),
            process.pid(),
            lastDriverError);
      }
      process.awaitExit(POLL_INTERVAL);
    }
  }

  private static String describeLogs(List<LogTail> logTails) {
    StringBuilder text = new StringBuilder();
    for (LogTail tail : logTails) {
      text.append("Last lines of ").append(tail.file()).append(":\n").append(tail.lastLines(TAIL_LINES));
    }
    return text.toString();
  }

  /**
   * Rejects a start while the directory's PID file names a live process, because two Cassandra processes
   * on one data directory would write the same files. A PID file of a process that has exited is deleted.
   */
  private static void requireNoRunningNode(NodeDirectories dirs) {
    Path pidFile = dirs.pidFile();
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> running = Optional.empty();
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
      running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(CassandraLauncher::mayBeCassandra);
    } catch (IOException | NumberFormatException e) {
      log.warn("Ignoring unreadable PID file {}", pidFile, e);
    }
    if (running.isPresent()) {
      throw new CassandraStartException(
          "Cassandra pid "
              + running.get().pid()
              + " is still running on "
              + dirs.root()
              + "; stop it first (kill "
              + running.get().pid()
              + ")");
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.warn("Failed to delete stale PID file {}", pidFile, e);
    }
  }

  /** Returns false only when the process's command line is readable and does not run CassandraDaemon. */
  private static boolean mayBeCassandra(ProcessHandle process) {
    return process
        .info()
        .commandLine()
        .map(commandLine -> commandLine.contains("org.apache.cassandra.service.CassandraDaemon"))
        .orElse(true);
  }

  /**
   * Binds the port briefly to check that it is free. Without this check, a start on the port of another
   * Cassandra would connect to that other node and report success.
   */
  private static void requirePortAvailable(String address, int port, String kind) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new CassandraStartException(
          "The "
              + kind
              + " port "
              + port
              + " on "
              + address
              + " is not available ("
              + e.getMessage()
              + "); stop the process that listens there or choose another port",
          -1,
          e);
    }
  }

  /**
   * Runs the launcher from the command line; {@code --help} lists the options.
   *
   * <p>Example: {@code java -cp ... io.cohort.persistence.CassandraLauncher --dir work/cassandra}
   */
  public static void main(String[] args) {
    System.exit(LauncherCommand.run(args, System.out, System.err));
  }
}
