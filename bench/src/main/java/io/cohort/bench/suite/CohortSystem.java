package io.cohort.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cohort as {@code bin/cohort local} starts it: an embedded Cassandra and three nodes on 127.0.0.1. The suite
 * reads the process IDs and HTTP endpoints from the lines that command prints, and stops it with SIGTERM,
 * on which it stops the nodes and then Cassandra.
 */
final class CohortSystem implements SystemUnderTest {

  /** Bound on the start, which includes a build when bin/cohort finds changed sources. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(420);
  /** bin/cohort local waits up to 30 s per node and 60 s for Cassandra after SIGTERM. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(180);

  private static final Pattern CASSANDRA_UP = Pattern.compile("cohort local: Cassandra (\\S+) is up \\(pid (\\d+)\\)");
  private static final Pattern NODE_READY =
      Pattern.compile("cohort local: (\\S+) is ready at (\\S+) \\(pid (\\d+)\\)");
  private static final Pattern CLUSTER_READY = Pattern.compile("cohort local: cluster of (\\d+) nodes ready");

  private final Path root;
  private final Path dir;
  private final List<String> nodeSettings;
  private final Path logFile;
  private final ProcessTracker tracker;

  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<ServerProcess> servers = new ArrayList<>();
  private final Map<String, String> endpoints = new LinkedHashMap<>();
  private volatile String cassandraVersion = "unknown";
  private ManagedProcess process;

  CohortSystem(Path root, List<String> nodeSettings, Path logFile, ProcessTracker tracker) {
    this.root = root;
    this.dir = DataDirectory.of(root, "cohort");
    this.nodeSettings = List.copyOf(nodeSettings);
    this.logFile = logFile;
    this.tracker = tracker;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.COHORT;
  }

  @Override
  public void start() throws IOException, InterruptedException {
    DataDirectory.reset(root, dir);
    Process started = new ProcessBuilder(command()).directory(root.toFile()).redirectErrorStream(true).start();
    process = tracker.track(new ManagedProcess("bin/cohort local", started.toHandle(), STOP_GRACE, false));
    BenchLog.info("started " + String.join(" ", command()) + " (pid " + started.pid() + "); output in " + logFile);
    Thread reader = new Thread(() -> readOutput(started), "cohort-local-output");
    reader.setDaemon(true);
    reader.start();

    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!ready.await(1, TimeUnit.SECONDS)) {
      if (!started.isAlive()) {
        throw new IOException("bin/cohort local exited with status " + started.exitValue()
            + " before the cluster was ready; see " + logFile);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("the Cohort cluster was not ready within " + READY_TIMEOUT.toSeconds() + " s; see "
            + logFile);
      }
    }
    synchronized (servers) {
      for (ServerProcess server : servers) {
        ProcessHandle.of(server.pid()).ifPresent(tracker::watch);
      }
    }
  }

  List<String> command() {
    List<String> command = new ArrayList<>(List.of("bin/cohort", "local", "--dir", root.relativize(dir).toString()));
    for (String setting : nodeSettings) {
      command.add("--set");
      command.add(setting);
    }
    return command;
  }

  /** Copies the command's output to the log file and records the PIDs and endpoints it prints. */
  private void readOutput(Process started) {
    try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.println(line);
        parseLine(line);
      }
    } catch (IOException e) {
      BenchLog.warn("failed to read the output of bin/cohort local: " + e.getMessage());
    }
  }

  /** Records the Cassandra and node PIDs, the HTTP endpoints, and readiness from one output line. */
  void parseLine(String line) {
    Matcher cassandra = CASSANDRA_UP.matcher(line);
    Matcher node = NODE_READY.matcher(line);
    synchronized (servers) {
      if (cassandra.find()) {
        cassandraVersion = cassandra.group(1);
        servers.add(new ServerProcess("Cassandra", Long.parseLong(cassandra.group(2))));
      } else if (node.find()) {
        endpoints.put(node.group(1), node.group(2));
        servers.add(new ServerProcess(node.group(1), Long.parseLong(node.group(3))));
      } else if (CLUSTER_READY.matcher(line).find()) {
        ready.countDown();
      }
    }
  }

  boolean isReady() {
    return ready.getCount() == 0;
  }

  @Override
  public List<ServerProcess> serverProcesses() {
    synchronized (servers) {
      return List.copyOf(servers);
    }
  }

  @Override
  public Map<String, String> bindingProperties() {
    synchronized (servers) {
      return Map.of("cohort.endpoints", String.join(",", endpoints.values()));
    }
  }

  @Override
  public List<String> settings() {
    List<String> settings = new ArrayList<>();
    settings.add("Started with `" + String.join(" ", command()) + "`: " + endpoints.size()
        + " nodes and an embedded Cassandra " + cassandraVersion + " on 127.0.0.1.");
    for (ServerProcess server : serverProcesses()) {
      settings.add(server.role() + " JVM heap: `" + JvmHeap.maxHeapOption(server.pid()) + "`.");
    }
    settings.add("Nodes write their journal through Pekko Persistence Cassandra 1.1.0, whose journal profile"
        + " writes at QUORUM, to keyspaces with replication factor 1 unless --cohort-set changes"
        + " cohort.cassandra.replication-factor.");
    settings.add("YCSB binding `" + kind().bindingClass() + "` with `cohort.endpoints="
        + bindingProperties().get("cohort.endpoints") + "` and its other defaults.");
    return settings;
  }

  @Override
  public void stop() {
    if (process != null) {
      tracker.stop(process);
    }
  }
}
