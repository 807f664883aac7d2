package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/cohort bench}: benchmarks Cohort, Cassandra used directly, and Redis, one after another, with the
 * same YCSB client and workloads, and writes a Markdown report with SVG plots. Run it from the repository root;
 * {@link SuiteOptions#USAGE} lists the options.
 */
public final class BenchSuite {
  /** How long the final check waits for the stopped processes to disappear. */
  private static final Duration SURVIVOR_WAIT = Duration.ofSeconds(15);

  private final Path root;
  private final SuiteOptions options;
  private final String command;
  private final Path out;
  private final Path rawDir;
  private final ProcessTracker tracker = new ProcessTracker();
  private final List<PhaseResult> results = new ArrayList<>();
  private final Map<SystemKind, List<String>> settings = new EnumMap<>(SystemKind.class);
  private final Map<SystemKind, String> systemFailures = new EnumMap<>(SystemKind.class);

  BenchSuite(Path root, SuiteOptions options, String command) {
    this.root = root;
    this.options = options;
    this.command = command;
    this.out = root.resolve(options.out()).toAbsolutePath().normalize();
    this.rawDir = out.resolve("raw");
  }

  public static void main(String[] args) throws InterruptedException {
    SuiteOptions options;
    Path root = Path.of("").toAbsolutePath();
    try {
      options = SuiteOptions.parse(args);
      if (!options.help()) {
        requireFiles(root, options);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("cohort bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(SuiteOptions.USAGE);
      return;
    }
    int status = new BenchSuite(root, options, commandLine(args)).run();
    System.exit(status);
  }

  /** Checks that the suite runs from the repository root and that every workload file exists. */
  static void requireFiles(Path root, SuiteOptions options) {
    if (!Files.isRegularFile(root.resolve("bench/ycsb.sh"))) {
      throw new IllegalArgumentException(root + " has no bench/ycsb.sh; run the suite with bin/cohort bench");
    }
    for (String workload : options.workloads()) {
      Path file = root.resolve("bench/workloads/workload" + workload);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--workloads: " + file + " not found; use the suffix of a file in"
            + " bench/workloads, such as a, b, c or f");
      }
    }
  }

  static String commandLine(String[] args) {
    StringBuilder line = new StringBuilder("bin/cohort bench");
    for (String arg : args) {
      line.append(' ').append(ShellQuote.quote(arg));
    }
    return line.toString();
  }

  /** Runs every system, writes the report and returns the exit status: 0, or 1 when anything failed. */
  int run() throws InterruptedException {
    tracker.installShutdownHook();
    ZonedDateTime started = ZonedDateTime.now();
    long startNanos = System.nanoTime();
    try {
      prepareOutput();
    } catch (IOException e) {
      BenchLog.warn("failed to prepare " + out + ": " + e.getMessage());
      return 1;
    }
    MachineInfo machine = MachineInfo.collect();
    BenchLog.info(options.phaseCount() + " YCSB phases; the estimated duration is about "
        + estimatedMinutes(options) + " minutes. Report: " + out.resolve("report.md"));

    boolean completed = runSystems();
    List<String> survivors = awaitSurvivors();

    SuiteRun run = new SuiteRun(command, options, machine, started,
        Duration.ofNanos(System.nanoTime() - startNanos), workloadDescriptions(), settings, systemFailures,
        List.copyOf(results));
    boolean written = writeReport(run);
    System.out.print(ReportTables.peaks(run));
    BenchLog.info("finished in " + Format.seconds(run.elapsed().toSeconds()) + "; report: " + out.resolve("report.md"));
    boolean failed = !completed || !written || !survivors.isEmpty() || !systemFailures.isEmpty()
        || !run.failures().isEmpty();
    return failed ? 1 : 0;
  }

  /**
   * Runs the systems one after another and stops every process in the end. Returns false when a shutdown,
   * such as on Ctrl-C, stopped the suite before the last phase.
   */
  private boolean runSystems() {
    YcsbRunner runner = new YcsbRunner(root, rawDir, options, tracker, ProcCpu.create());
    try {
      for (SystemKind kind : options.systems()) {
        if (tracker.isStopping()) {
          break;
        }
        runSystem(kind, runner);
      }
      return !tracker.isStopping();
    } catch (InterruptedException e) {
      BenchLog.warn("stopped before the last phase (" + e.getMessage() + "); the report covers the phases that ran");
      return false;
    } finally {
      tracker.stopAll();
    }
  }

  /**
   * Returns the estimated minutes of a run. Each run and fixed-rate phase takes its length plus 2 s for the
   * client JVM, and each system takes 20 s to start and stop plus 1 s per 500 records for the load. These
   * constants are estimates from a --quick run on a 2-core machine, where Cohort loaded 250 records per second.
   */
  static long estimatedMinutes(SuiteOptions options) {
    int runPhases = options.workloads().size() * (options.threads().size() + 1);
    long perSystem = runPhases * (options.seconds() + 2L) + 20 + options.records() / 500;
    return Math.round(options.systems().size() * perSystem / 60.0);
  }

  private void runSystem(SystemKind kind, YcsbRunner runner) throws InterruptedException {
    SystemUnderTest system = create(kind);
    BenchLog.info("starting " + kind.displayName());
    try {
      system.start();
      settings.put(kind, system.settings());
      new SystemBenchmark(options, runner, results, tracker).run(system);
    } catch (IOException | RuntimeException e) {
      BenchLog.warn(kind.displayName() + " failed: " + e.getMessage());
      systemFailures.put(kind, String.valueOf(e.getMessage()));
      settings.putIfAbsent(kind, system.settings());
    } finally {
      system.stop();
    }
  }

  private SystemUnderTest create(SystemKind kind) {
    return switch (kind) {
      case COHORT -> new CohortSystem(root, options.cohortSettings(), rawDir.resolve("cohort-local.log"), tracker);
      case CASSANDRA -> new CassandraSystem(root, tracker);
      case REDIS -> new RedisSystem(root, rawDir.resolve("redis-server.log"), tracker);
    };
  }

  /**
   * Creates the report directory and deletes the report, plots and raw files of an earlier run in it, so none
   * of them is mistaken for this run's. Other files are kept.
   */
  private void prepareOutput() throws IOException {
    Files.createDirectories(rawDir);
    deleteMatching(out, "report\\.md|(throughput|p99)-[a-z0-9]+\\.svg");
    deleteMatching(rawDir, ".*\\.(out|err|log)|commands\\.txt");
  }

  private static void deleteMatching(Path dir, String fileNamePattern) throws IOException {
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale = files.filter(file -> file.getFileName().toString().matches(fileNamePattern)).toList();
    }
    for (Path file : stale) {
      Files.delete(file);
    }
  }

  private Map<String, String> workloadDescriptions() {
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (String workload : options.workloads()) {
      try {
        descriptions.put(workload, WorkloadFile.describe(root.resolve("bench/workloads/workload" + workload)));
      } catch (IOException | RuntimeException e) {
        descriptions.put(workload, "The workload file could not be read: " + e.getMessage());
      }
    }
    return descriptions;
  }

  /** Waits until the stopped processes are gone and returns those still alive, each reported as an error. */
  private List<String> awaitSurvivors() throws InterruptedException {
    long deadline = System.nanoTime() + SURVIVOR_WAIT.toNanos();
    List<String> survivors = tracker.survivors();
    while (!survivors.isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(500);
      survivors = tracker.survivors();
    }
    for (String survivor : survivors) {
      BenchLog.warn("a process that the suite started is still running: " + survivor + "; stop it with kill");
    }
    if (survivors.isEmpty()) {
      BenchLog.info("checked: no process that the suite started is still running");
    }
    return survivors;
  }

  private boolean writeReport(SuiteRun run) {
    try {
      Files.writeString(out.resolve("report.md"), ReportBuilder.build(run), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> chart : ReportCharts.build(run).entrySet()) {
        Files.writeString(out.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
      }
      return true;
    } catch (IOException e) {
      BenchLog.warn("failed to write the report to " + out + ": " + e.getMessage());
      return false;
    }
  }
}
