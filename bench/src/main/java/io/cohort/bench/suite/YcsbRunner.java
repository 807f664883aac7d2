package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs YCSB phases with {@code bench/ycsb.sh}, saves their stdout and stderr under {@code raw/}, and measures
 * the CPU time of the server processes and of the YCSB process over each phase.
 *
 * <p>The YCSB process runs as {@code bash -c 'bench/ycsb.sh ...; times'}, and {@code times} prints the CPU
 * time of the shell's children, which is the YCSB JVM, to stderr after it exits. Server CPU time is read from
 * {@code /proc} just before YCSB starts and just after it exits, so it includes the servers' background work
 * during the client JVM's start, about one to two seconds.
 */
final class YcsbRunner {
  static final int LOAD_THREADS = 8;
  /** Large enough that {@code maxexecutiontime} ends every run phase; YCSB reads it as an int. */
  static final long OPERATION_COUNT = 1_000_000_000L;
  private static final String SHELL_SCRIPT = "bench/ycsb.sh \"$@\"; status=$?; times >&2; exit $status";
  /** Time allowed beyond --seconds for the JVM start, the bindings' cleanup and the summary. */
  private static final Duration RUN_SLACK = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path root;
  private final Path rawDir;
  private final SuiteOptions options;
  private final ProcessTracker tracker;
  private final ProcCpu cpu;

  YcsbRunner(Path root, Path rawDir, SuiteOptions options, ProcessTracker tracker, ProcCpu cpu) {
    this.root = root;
    this.rawDir = rawDir;
    this.options = options;
    this.tracker = tracker;
    this.cpu = cpu;
  }

  /** Runs one phase against the started system; a failure is returned in the result, not thrown. */
  PhaseResult run(Phase phase, SystemUnderTest system) throws InterruptedException {
    List<String> arguments = arguments(phase, system.bindingProperties());
    Path stdout = rawDir.resolve(phase.fileName() + ".out");
    Path stderr = rawDir.resolve(phase.fileName() + ".err");
    List<Long> serverPids = system.serverProcesses().stream().map(SystemUnderTest.ServerProcess::pid).toList();
    BenchLog.info("phase " + phase.fileName() + ": bench/ycsb.sh " + String.join(" ", arguments));
    try {
      logCommand(phase, arguments);
      double serverBefore = cpu.totalCpuSeconds(serverPids);
      String failure = runProcess(arguments, stdout, stderr, timeout(phase));
      double serverAfter = cpu.totalCpuSeconds(serverPids);
      if (failure != null) {
        return PhaseResult.failed(phase, failure);
      }
      YcsbOutput output = YcsbOutputParser.parse(Files.readString(stdout, StandardCharsets.UTF_8));
      String stderrText = Files.readString(stderr, StandardCharsets.UTF_8);
      OptionalDouble running = YcsbOutputParser.parseRunningThroughput(stderrText);
      OptionalDouble client = YcsbOutputParser.parseChildCpuSeconds(stderrText);
      return new PhaseResult(phase, output, running.orElse(Double.NaN), null, serverAfter - serverBefore,
          client.orElse(Double.NaN));
    } catch (IOException | IllegalArgumentException e) {
      return PhaseResult.failed(phase, e.getMessage() + "; see raw/" + stderr.getFileName());
    }
  }

  /** Returns the arguments of {@code bench/ycsb.sh} for the phase. */
  List<String> arguments(Phase phase, Map<String, String> bindingProperties) {
    List<String> arguments = new ArrayList<>();
    arguments.add(phase.kind() == Phase.Kind.LOAD ? "load" : "run");
    arguments.addAll(List.of("-db", phase.system().bindingClass(), "-P", phase.workloadFile(),
        "-p", "recordcount=" + options.records(), "-threads", Integer.toString(phase.threads()),
        "-s", "-p", "status.interval=1"));
    if (phase.kind() != Phase.Kind.LOAD) {
      arguments.addAll(List.of("-p", "operationcount=" + OPERATION_COUNT,
          "-p", "maxexecutiontime=" + options.seconds()));
    }
    if (phase.kind() == Phase.Kind.FIXED_RATE) {
      arguments.addAll(List.of("-target", Long.toString(phase.target()), "-p", "measurement.interval=both"));
    }
    arguments.addAll(List.of("-p", "measurementtype=hdrhistogram", "-p", "hdrhistogram.percentiles=50,95,99"));
    new TreeMap<>(bindingProperties).forEach((name, value) -> arguments.addAll(List.of("-p", name + "=" + value)));
    return arguments;
  }

  /** Returns the phase's time bound; a load assumes at least 100 inserts per second. */
  Duration timeout(Phase phase) {
    if (phase.kind() == Phase.Kind.LOAD) {
      return RUN_SLACK.plusSeconds(options.records() / 100);
    }
    return RUN_SLACK.plusSeconds(options.seconds());
  }

  /** Runs YCSB and returns null on success or the reason for the failure; stops it when it runs too long. */
  private String runProcess(List<String> arguments, Path stdout, Path stderr, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "-c", SHELL_SCRIPT, "ycsb.sh"));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).directory(root.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    ManagedProcess managed = tracker.track(new ManagedProcess("YCSB", process.toHandle(), STOP_GRACE, true));
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        return "YCSB did not finish within " + timeout.toSeconds() + " s and was stopped";
      }
      if (process.exitValue() != 0) {
        return "YCSB exited with status " + process.exitValue();
      }
      return null;
    } finally {
      tracker.stop(managed);
    }
  }

  private void logCommand(Phase phase, List<String> arguments) throws IOException {
    List<String> quoted = new ArrayList<>();
    for (String argument : arguments) {
      quoted.add(ShellQuote.quote(argument));
    }
    String line = phase.fileName() + ": bench/ycsb.sh " + String.join(" ", quoted) + System.lineSeparator();
    Files.writeString(rawDir.resolve("commands.txt"), line, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
