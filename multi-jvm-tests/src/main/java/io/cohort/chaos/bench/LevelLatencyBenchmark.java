package io.cohort.chaos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cohort.chaos.harness.ChaosCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/cohort levels}: measures write latency per namespace consistency level. It starts three
 * Cassandra nodes and three Cohort nodes with journal replication factor 3 and creates one namespace per
 * level: eventual acknowledges a write after ONE replica, semi-sync after TWO, strong after ALL. The built-in
 * namespace, which writes at QUORUM, is a fourth row. After a warm-up it runs several rounds per client
 * thread count, and in each round every level sends its share of the writes. The order of the levels rotates
 * each round, so that a warm-up or garbage-collection phase does not fall on one level only. It prints a
 * Markdown table and writes it to {@code --out}.
 *
 * <p>Usage: {@code LevelLatencyBenchmark [--writes N] [--threads T[,T...]] [--value-bytes B] [--warmup N]
 * [--rounds R] [--keys K] [--max-phase-seconds S] [--out FILE]}.
 */
public final class LevelLatencyBenchmark {
  private static final int NAMESPACE_PARTITIONS = 16;
  private static final Duration NODE_READY_BOUND = Duration.ofSeconds(240);

  private LevelLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    LevelOptions options = LevelOptions.parse(args);
    long started = System.nanoTime();
    String report = LevelReport.header(options, loadAverage()) + runOnCluster(options);
    System.out.print(report);
    Path out = options.out().toAbsolutePath();
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.printf("levels: report written to %s; wall time %.1f min%n", options.out(),
        (System.nanoTime() - started) / 60e9);
  }

  /** Starts the cluster, measures, and stops every process it started, also when the JVM is interrupted. */
  private static String runOnCluster(LevelOptions options) throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(Path.of("multi-jvm-tests", "target", "levels"),
        List.of("cohort.cassandra.replication-factor = 3")).stopOnJvmExit()) {
      cluster.startCassandraCluster(3);
      cluster.startNodes(3, NODE_READY_BOUND);
      return measure(cluster, options);
    }
  }

  private static String measure(ChaosCluster cluster, LevelOptions options) throws Exception {
    List<String> allNodes = List.of(cluster.node(1).baseUrl(), cluster.node(2).baseUrl(), cluster.node(3).baseUrl());
    List<String> endpoints = allNodes.subList(0, 2);
    List<LevelTarget> rows = List.of(LevelTarget.created("eventual"), LevelTarget.created("semi-sync"),
        LevelTarget.created("strong"), LevelTarget.builtIn());
    Map<LevelTarget, JsonNode> views = createNamespaces(allNodes, rows);
    String body = body(options.valueBytes());
    int warmupErrors = warmUp(rows, endpoints, body, options);
    List<LatencySummary> summaries = new ArrayList<>();
    for (int threads : options.threads()) {
      summaries.addAll(measurePass(rows, endpoints, body, threads, options));
    }
    return LevelReport.table(summaries, views) + LevelReport.errorSamples(summaries, warmupErrors);
  }

  private static Map<LevelTarget, JsonNode> createNamespaces(List<String> nodes, List<LevelTarget> rows)
      throws InterruptedException, IOException {
    Map<LevelTarget, JsonNode> views = new LinkedHashMap<>();
    for (LevelTarget row : rows) {
      LevelNamespaces.create(nodes.get(0), row, NAMESPACE_PARTITIONS);
      JsonNode view = LevelNamespaces.awaitVisible(nodes, row);
      System.out.println("levels: namespace " + row.namespaceName() + " ready: " + view);
      views.put(row, view);
    }
    return views;
  }

  /**
   * Sends the unrecorded warm-up writes per row and returns how many failed. A write to every key comes first,
   * because a partition's first write waits for the partition to recover from the journal. Without it, the
   * built-in namespace's 256 partitions would still be recovering during the measured writes when the
   * namespaces' 16 are not.
   */
  private static int warmUp(List<LevelTarget> rows, List<String> endpoints, String body, LevelOptions options)
      throws InterruptedException {
    int errors = 0;
    for (LevelTarget row : rows) {
      errors += warmUpPhase(row, "every key", WritePhase.everyKey(row, endpoints, body, options.keys()), options);
      if (options.warmup() > 0) {
        errors += warmUpPhase(row, "random keys",
            new WritePhase(row, endpoints, body, options.keys(), options.warmup()), options);
      }
    }
    return errors;
  }

  private static int warmUpPhase(LevelTarget row, String name, WritePhase phase, LevelOptions options)
      throws InterruptedException {
    PhaseResult result = phase.run(options.maxThreads(), options.maxPhase());
    System.out.printf("levels: warm-up %s, %s: %d of %d sent, errors %s in %.1f s%n", row.label(), name,
        result.sent(), result.planned(), LevelReport.errors(result.errors()), result.elapsedNanos() / 1e9);
    result.errorSamples().forEach((status, sample) ->
        System.out.println("levels: warm-up " + row.label() + " first error " + status + ": " + sample));
    return result.errorCount();
  }

  /** Runs every round at one thread count and returns one summary per row, in the order of {@code rows}. */
  private static List<LatencySummary> measurePass(List<LevelTarget> rows, List<String> endpoints, String body,
      int threads, LevelOptions options) throws InterruptedException {
    Map<LevelTarget, List<PhaseResult>> phases = new LinkedHashMap<>();
    for (int round = 0; round < options.rounds(); round++) {
      int count = writesInRound(options, round);
      for (LevelTarget row : rotated(rows, round)) {
        PhaseResult result = new WritePhase(row, endpoints, body, options.keys(), count)
            .run(threads, options.maxPhase());
        System.out.printf("levels: %d threads, round %d of %d, %s: %d of %d sent, errors %s in %.1f s%n",
            threads, round + 1, options.rounds(), row.label(), result.sent(), result.planned(),
            LevelReport.errors(result.errors()), result.elapsedNanos() / 1e9);
        phases.computeIfAbsent(row, key -> new ArrayList<>()).add(result);
      }
    }
    List<LatencySummary> summaries = new ArrayList<>();
    for (LevelTarget row : rows) {
      summaries.add(LatencySummary.of(row, threads, phases.get(row)));
    }
    return summaries;
  }

  /** Splits the writes evenly over the rounds, the first rounds taking one more when they do not divide. */
  static int writesInRound(LevelOptions options, int round) {
    int base = options.writes() / options.rounds();
    return base + (round < options.writes() % options.rounds() ? 1 : 0);
  }

  static <T> List<T> rotated(List<T> items, int by) {
    List<T> order = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      order.add(items.get((i + by) % items.size()));
    }
    return order;
  }

  /** Returns a JSON object of exactly {@code bytes} bytes: {@code {"v":"xx...x"}}. */
  static String body(int bytes) {
    return "{\"v\":\"" + "x".repeat(bytes - LevelOptions.MIN_VALUE_BYTES) + "\"}";
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " / " + fields[1] + " / " + fields[2] + " (1 / 5 / 15 min)";
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "not available (" + e.getMessage() + ")";
    }
  }
}
