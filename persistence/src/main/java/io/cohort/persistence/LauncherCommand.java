package io.cohort.persistence;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.CohortSettings;
import io.cohort.config.EmbeddedCassandraSettings;
import io.cohort.config.SettingsException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link CassandraLauncher#main}: starts one node, prints its contact point and PID,
 * and keeps running until SIGTERM or Ctrl-C, when the launcher's shutdown hook stops the node.
 */
final class LauncherCommand {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private static final String USAGE =
      """
      Usage: java -cp CLASSPATH io.cohort.persistence.CassandraLauncher --dir DIR [options]

      Starts one Cassandra node as a child process, prints its contact point and PID, and stops the
      node on SIGTERM or Ctrl-C. Defaults come from cohort.cassandra.embedded.

        --dir DIR                node directory for generated config, data and logs (required)
        --address ADDRESS        IPv4 loopback listen address (default: %s)
        --native-port PORT       CQL port (default: %d)
        --storage-port PORT      port for traffic between Cassandra nodes (default: %d)
        --seeds ADDRESS,...      seed addresses, all on the storage port (default: the listen address)
        --heap SIZE              JVM heap of the node, such as 512M or 1G (default: %s)
        --start-timeout SECONDS  how long to wait for CQL to respond, in seconds (default: %d)
        --help                   print this text
      """;

  private LauncherCommand() {}

  /** Runs the command and returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    EmbeddedCassandraSettings defaults;
    try {
      defaults = CohortSettings.fromConfig(CohortConfig.withDefaults(ConfigFactory.empty())).cassandra().embedded();
    } catch (SettingsException e) {
      err.println("Invalid configuration: " + e.getMessage());
      return EXIT_USAGE;
    }
    String usage =
        USAGE.formatted(
            defaults.listenAddress(),
            defaults.nativePort(),
            defaults.storagePort(),
            defaults.heap(),
            defaults.startTimeout().toSeconds());

    CassandraNode node;
    try {
      node = parse(args, defaults);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println();
      err.print(usage);
      return EXIT_USAGE;
    }
    if (node == null) {
      out.print(usage);
      return EXIT_OK;
    }

    EmbeddedCassandra cassandra;
    try {
      cassandra = CassandraLauncher.start(node);
    } catch (CassandraStartException e) {
      err.println(e.getMessage());
      return EXIT_FAILED;
    }
    out.println("contact-point=" + cassandra.contactPoint());
    out.println("pid=" + cassandra.pid());
    out.println(
        "Cassandra " + cassandra.releaseVersion() + " responds to CQL after "
            + cassandra.startDuration().toMillis() + " ms; stop it with SIGTERM or Ctrl-C");
    out.flush();

    // On SIGTERM or Ctrl-C the JVM runs the launcher's shutdown hook, which stops the node. Outside a
    // shutdown, this wait returns only when the node exits by itself.
    int exitCode = cassandra.onExit().join();
    if (isShuttingDown()) {
      return EXIT_OK;
    }
    err.println(
        "Cassandra pid " + cassandra.pid() + " exited with code " + exitCode + "; see " + cassandra.systemLog());
    cassandra.stop();
    return EXIT_FAILED;
  }

  /** Parses the options; returns null when --help was given. */
  static CassandraNode parse(String[] args, EmbeddedCassandraSettings defaults) {
    Path dir = null;
    String address = defaults.listenAddress();
    int nativePort = defaults.nativePort();
    int storagePort = defaults.storagePort();
    List<String> seeds = null;
    String heap = defaults.heap();
    Duration startTimeout = defaults.startTimeout();

    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help")) {
        return null;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + option + " is unknown or missing its value");
      }
      String value = args[++i];
      switch (option) {
        case "--dir" -> dir = Path.of(value);
        case "--address" -> address = value;
        case "--native-port" -> nativePort = parseInt(option, value);
        case "--storage-port" -> storagePort = parseInt(option, value);
        case "--seeds" -> seeds = Arrays.stream(value.split(",")).map(String::trim).toList();
        case "--heap" -> heap = value;
        case "--start-timeout" -> startTimeout = Duration.ofSeconds(parseInt(option, value));
        default -> throw new IllegalArgumentException("Option " + option + " is unknown");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Option --dir is missing");
    }
    return new CassandraNode(
        dir, address, nativePort, storagePort, seeds == null ? List.of(address) : seeds, heap, startTimeout, List.of());
  }

  /** Returns true once the JVM runs its shutdown hooks, when no new hook may be added. */
  private static boolean isShuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Option " + option + " = " + value + " is not a whole number");
    }
  }
}
