package io.cohort.chaos.bench;

import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.local.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/cohort failover}: measures how long the partitions of a failed node refuse writes. For each
 * profile it starts Cassandra and three node processes, then repeats a run: pick the partitions node 2 or 3
 * hosts, probe a sample of them through node 1, fail that node ({@code kill -9}, or SIGTERM for a graceful
 * leave), wait until every probed partition took a write again (after a leave: after the node exited),
 * restart the node. It prints the windows per run (see {@link WriteWindow}) and their median and maximum,
 * and writes them as Markdown to {@code --out}.
 *
 * <p>Usage: {@code FailoverBenchmark [--runs N] [--fault kill|leave] [--profiles cohort,pekko-defaults]
 * [--sample N] [--out FILE]}.
 */
public final class FailoverBenchmark {
  private static final int PARTITIONS = 256;
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(120);

  private FailoverBenchmark() {}

  public static void main(String[] args) throws Exception {
    FailoverOptions options = FailoverOptions.parse(args);
    StringBuilder report = new StringBuilder(FailoverReport.header(options));
    for (FailoverProfile profile : options.profiles()) {
      List<List<Long>> runs = measure(profile, options);
      String section = FailoverReport.section(profile, options, runs);
      System.out.print(section);
      report.append(section);
    }
    Files.createDirectories(options.out().toAbsolutePath().getParent());
    Files.writeString(options.out(), report);
    System.out.println("failover: report written to " + options.out());
  }

  private static List<List<Long>> measure(FailoverProfile profile, FailoverOptions options) throws Exception {
    List<List<Long>> runs = new ArrayList<>();
    Path dir = Path.of("multi-jvm-tests", "target", "failover-" + profile.label());
    try (ChaosCluster cluster = new ChaosCluster(dir, profile.settings()).stopOnJvmExit()) {
      cluster.startCassandra();
      cluster.startNodes(3, Duration.ofSeconds(180));
      String survivor = cluster.node(1).baseUrl();
      int stillRefusing = PartitionProbes.writeUntilAccepted(survivor,
          PartitionProbes.keyPerPartition(PARTITIONS), Duration.ofSeconds(120));
      if (stillRefusing > 0) {
        throw new IllegalStateException(stillRefusing + " partitions still rejected writes before the first fault; check the node logs");
      }
      for (int run = 1; run <= options.runs(); run++) {
        int victim = 2 + run % 2;
        List<Long> windows = failOnce(cluster, victim, options);
        System.out.printf("failover: %s %s run %d of %d, node-%d: windows %s ms%n", profile.label(),
            options.fault(), run, options.runs(), victim, windows);
        runs.add(windows);
        cluster.restart(victim, Duration.ofSeconds(180));
        Thread.sleep(options.settle().toMillis());
      }
    }
    return runs;
  }

  private static List<Long> failOnce(ChaosCluster cluster, int victim, FailoverOptions options) throws Exception {
    NodeProcess node = cluster.node(victim);
    List<String> keys = PartitionProbes.keysOn(cluster.node(1).baseUrl(), node.baseUrl(), PARTITIONS, options.sample());
    try (PartitionProber prober = new PartitionProber(cluster.node(1).baseUrl(), keys)) {
      Thread.sleep(1_000);
      long faultNanos = System.nanoTime();
      prober.faultAt(faultNanos);
      long settledAfter = faultNanos;
      if (options.fault().equals("kill")) {
        node.kill();
      } else {
        // A leaving node serves its partitions until it hands them over, so the window is only known once
        // it has exited and every partition took a write after that.
        node.stop(Duration.ofSeconds(60));
        settledAfter = System.nanoTime();
      }
      if (!prober.awaitWritesSince(settledAfter, RECOVERY_BOUND)) {
        throw new IllegalStateException("partitions of node-" + victim + " still rejected writes after "
            + RECOVERY_BOUND.toSeconds() + " s; windows so far " + prober.windowsMillis());
      }
      node.stop(Duration.ofSeconds(60));
      return prober.windowsMillis();
    }
  }
}
