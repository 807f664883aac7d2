package io.cohort.local;

import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/cohort local}: starts an embedded Cassandra and a cluster of Cohort node processes on 127.0.0.1,
 * waits until every node is ready, prints the HTTP endpoints, and stops every process it started on Ctrl-C
 * or SIGTERM.
 *
 * <p>Usage: {@code LocalCluster [--nodes N] [--dir DIR] [--http-port P] [--artery-port P] [--cql-port P]
 * [--set KEY=VALUE]... [--roles I=ROLE[,ROLE]...]...}. Node i (from 1) listens for HTTP on
 * {@code http-port + i - 1} and for Artery on {@code artery-port + i - 1}. Each {@code --set} adds one HOCON
 * setting to every node's configuration. Each {@code --roles} gives node i its cluster roles, which decide the
 * namespaces whose partitions it hosts; nodes without {@code --roles} have the role {@code data} only.
 */
public final class LocalCluster {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final String HOST = "127.0.0.1";

  record Options(int nodes, Path dir, int httpPort, int arteryPort, int cqlPort, List<String> settings,
      java.util.Map<Integer, List<String>> roles) {
    private static final java.util.regex.Pattern ROLES =
        java.util.regex.Pattern.compile("([1-9])=([A-Za-z0-9][A-Za-z0-9_.-]*(,[A-Za-z0-9][A-Za-z0-9_.-]*)*)");

    static Options parse(String[] args) {
      List<String> settings = new ArrayList<>();
      java.util.Map<Integer, List<String>> roles = new java.util.TreeMap<>();
      int nodes = 3;
      Path dir = Path.of("work", "local");
      int httpPort = 8081;
      int arteryPort = 2551;
      int cqlPort = 9042;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--nodes" -> nodes = intArg(args[i], value, 1, 9);
          case "--dir" -> dir = Path.of(require(args[i], value));
          case "--http-port" -> httpPort = intArg(args[i], value, 1, 65000);
          case "--artery-port" -> arteryPort = intArg(args[i], value, 1, 65000);
          case "--cql-port" -> cqlPort = intArg(args[i], value, 1, 65535);
          case "--set" -> settings.add(setting(args[i], value));
          case "--roles" -> roles(args[i], value, roles);
          default -> throw new IllegalArgumentException("unknown option [" + args[i] + "]; options: --nodes N,"
              + " --dir DIR, --http-port P, --artery-port P, --cql-port P, --set KEY=VALUE, --roles I=ROLE,...");
        }
        i++;
      }
      for (int node : roles.keySet()) {
        if (node > nodes) {
          throw new IllegalArgumentException("--roles names node " + node + " but only " + nodes
              + " nodes start; raise --nodes or use a node number from 1 to " + nodes);
        }
      }
      return new Options(nodes, dir.toAbsolutePath(), httpPort, arteryPort, cqlPort, List.copyOf(settings),
          java.util.Map.copyOf(roles));
    }

    /** Parses {@code I=ROLE[,ROLE]...}, such as {@code 3=data,timeline}. */
    private static void roles(String option, String value, java.util.Map<Integer, List<String>> roles) {
      java.util.regex.Matcher matcher = ROLES.matcher(require(option, value));
      if (!matcher.matches()) {
        throw new IllegalArgumentException(option + " " + value + " is invalid; use NODE=ROLE[,ROLE]..., such as"
            + " 3=data,timeline (node 1 to 9; roles of letters, digits, '.', '-' and '_')");
      }
      roles.put(Integer.parseInt(matcher.group(1)), List.of(matcher.group(2).split(",")));
    }

    /** Returns the HOCON line that sets node {@code index}'s roles, or an empty string for the default. */
    String rolesSetting(int index) {
      List<String> nodeRoles = roles.get(index);
      if (nodeRoles == null) {
        return "";
      }
      return "pekko.cluster.roles = [" + String.join(", ", nodeRoles.stream().map(role -> "\"" + role + "\"")
          .toList()) + "]\n";
    }

    /** Checks that {@code value} is one HOCON setting, such as cohort.partitions.group-commit.max-writes=1. */
    private static String setting(String option, String value) {
      String text = require(option, value);
      try {
        com.typesafe.config.Config parsed = com.typesafe.config.ConfigFactory.parseString(text);
        if (parsed.isEmpty()) {
          throw new IllegalArgumentException(option + " " + text + " sets nothing; use KEY=VALUE");
        }
      } catch (com.typesafe.config.ConfigException e) {
        throw new IllegalArgumentException(option + " " + text + " is not valid HOCON: " + e.getMessage());
      }
      return text;
    }

    private static String require(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }

    private static int intArg(String option, String value, int min, int max) {
      try {
        int parsed = Integer.parseInt(require(option, value));
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " " + value + " is invalid; use a number from " + min + " to " + max);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("cohort local: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<NodeProcess> nodes = new ArrayList<>();
    AtomicReference<EmbeddedCassandra> cassandra = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      stopAll(nodes, cassandra.get());
      stopped.countDown();
    }, "local-cluster-stop"));

    long start = System.nanoTime();
    say("starting Cassandra on " + HOST + ":" + options.cqlPort() + " (data in " + options.dir().resolve("cassandra") + ")");
    CassandraNode cassandraNode = new CassandraNode(options.dir().resolve("cassandra"), HOST, options.cqlPort(),
        options.cqlPort() + 1, List.of(HOST), "1G", Duration.ofSeconds(180), List.of());
    EmbeddedCassandra started = CassandraLauncher.start(cassandraNode);
    // Nodes leave the cluster through Cassandra, so the hook above stops them before Cassandra.
    started.stopOnlyExplicitly();
    cassandra.set(started);
    say("Cassandra " + started.releaseVersion() + " is up (pid " + started.pid() + ")");

    synchronized (nodes) {
      nodes.addAll(startNodes(options, started.contactPoint()));
    }
    for (NodeProcess node : nodes) {
      node.awaitReady(READY_TIMEOUT);
      say(node.spec().name() + " is ready at " + node.baseUrl() + " (pid " + node.pid() + ")");
    }
    say(String.format("cluster of %d nodes ready in %.1f s; logs under %s; press Ctrl-C to stop",
        nodes.size(), (System.nanoTime() - start) / 1e9, options.dir()));
    for (NodeProcess node : nodes) {
      System.out.println("  " + node.baseUrl());
      reportExit(node, stopping);
    }
    stopped.await();
  }

  private static List<NodeProcess> startNodes(Options options, String contactPoint) throws Exception {
    String classpath = System.getProperty("java.class.path");
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < Math.min(options.nodes(), 3); i++) {
      seeds.add(HOST + ":" + (options.arteryPort() + i));
    }
    List<NodeProcess> started = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      String name = "node-" + (i + 1);
      Path dir = options.dir().resolve(name);
      int httpPort = options.httpPort() + i;
      String config = NodeConfigs.localNode(HOST, options.arteryPort() + i, httpPort, seeds,
          List.of(contactPoint), dir.toString()) + String.join("\n", options.settings()) + "\n"
          + options.rolesSetting(i + 1);
      started.add(NodeProcess.start(new NodeProcess.NodeSpec(
          name, dir, config, HOST, httpPort, classpath, List.of("-Xms256m", "-Xmx512m"))));
      say("started " + name + " (pid " + started.get(i).pid() + ", HTTP port " + httpPort + ")");
    }
    return started;
  }

  /** Says so when {@code node} exits before the cluster is stopped, such as after a crash or kill -9. */
  private static void reportExit(NodeProcess node, AtomicBoolean stopping) {
    node.onExit().thenAccept(code -> {
      if (!stopping.get()) {
        say(node.spec().name() + " (pid " + node.pid() + ") exited with code " + code + "; the other nodes keep"
            + " running without it. Its output is in " + node.spec().dir().resolve("node.out"));
      }
    });
  }

  private static void stopAll(List<NodeProcess> nodes, EmbeddedCassandra cassandra) {
    synchronized (nodes) {
      for (NodeProcess node : nodes) {
        say("stopping " + node.spec().name() + " (pid " + node.pid() + ")");
        node.requestStop();
      }
      for (NodeProcess node : nodes) {
        try {
          node.stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (cassandra != null) {
      say("stopping Cassandra (pid " + cassandra.pid() + ")");
      cassandra.stop();
    }
  }

  private static void say(String line) {
    System.out.println("cohort local: " + line);
  }
}
