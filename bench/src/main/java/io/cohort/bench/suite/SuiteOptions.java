package io.cohort.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of {@code bin/cohort bench}, parsed and checked.
 *
 * @param systems the systems to benchmark, in the order they run
 * @param workloads workload names, each the suffix of a file {@code bench/workloads/workloadNAME}
 * @param threads YCSB client thread counts of the run phases, in ascending order
 * @param seconds length of each run and fixed-rate phase, in seconds
 * @param records number of records that the load phase inserts and the run phases read and update
 * @param out report directory
 * @param cohortSettings node settings passed to {@code bin/cohort local} as {@code --set KEY=VALUE}
 * @param help true when the caller asked for the usage text
 */
record SuiteOptions(List<SystemKind> systems, List<String> workloads, List<Integer> threads, int seconds,
    int records, Path out, List<String> cohortSettings, boolean help) {

  static final String USAGE = """
      usage: bin/cohort bench [options]

      Benchmarks Cohort (bin/cohort local: embedded Cassandra and 3 nodes), Cassandra used directly, and
      Redis, one after another on this machine, with the same YCSB 0.17.0 client and workload files. Per
      system: one load phase, one run phase per workload and thread count, then one fixed-rate phase per
      workload at half that system's peak throughput with 32 threads. Each system starts with an empty
      data directory under work/bench/. Writes report.md, SVG plots and the raw YCSB output to --out.

      options:
        --systems LIST       systems to run, from cohort,cassandra,redis (default: all three)
        --workloads LIST     workloads, each a file bench/workloads/workloadNAME (default: a,b,c,f)
        --threads LIST       YCSB client threads of the run phases (default: 1,8,32,64)
        --seconds S          length of each run and fixed-rate phase in seconds (default: 20)
        --records N          records loaded and used by the workloads (default: 10000)
        --out DIR            report directory (default: work/bench/report)
        --cohort-set K=V     a Cohort node setting, passed to bin/cohort local as --set (repeatable)
        --quick              smoke run: threads 1,8, workloads a,c, 8 s per phase; options given
                             explicitly override these
        -h, --help           print this text

      The default run has 63 YCSB phases and takes about 25 minutes, an estimate from 20 s per phase plus
      client and server start times; --quick took 4 to 5 minutes on a 2-core machine.
      """;

  static final int MAX_SECONDS = 3600;
  static final int MAX_RECORDS = 10_000_000;
  static final int MAX_THREADS = 1024;

  private static final Pattern WORKLOAD_NAME = Pattern.compile("[a-z0-9]+");

  /**
   * Parses the command-line arguments.
   *
   * @throws IllegalArgumentException naming the option, the invalid value and the allowed values
   */
  static SuiteOptions parse(String[] args) {
    Builder builder = new Builder();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--quick")) {
        builder.quick = true;
        continue;
      }
      if (option.equals("-h") || option.equals("--help")) {
        builder.help = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(knownOption(option) ? option + " needs a value" : unknown(option));
      }
      builder.set(option, args[++i]);
    }
    return builder.build();
  }

  /** Returns the number of YCSB phases: per system one load, the run phases and one fixed-rate phase per workload. */
  int phaseCount() {
    return systems.size() * (1 + workloads.size() * threads.size() + workloads.size());
  }

  private static boolean knownOption(String option) {
    return List.of("--systems", "--workloads", "--threads", "--seconds", "--records", "--out", "--cohort-set")
        .contains(option);
  }

  private static String unknown(String option) {
    return "unknown option '" + option + "'; run bin/cohort bench --help for the options";
  }

  /** Collects the options; values given explicitly win over the --quick defaults in any order. */
  private static final class Builder {
    List<SystemKind> systems;
    List<String> workloads;
    List<Integer> threads;
    Integer seconds;
    int records = 10_000;
    Path out = Path.of("work", "bench", "report");
    final List<String> cohortSettings = new ArrayList<>();
    boolean quick;
    boolean help;

    void set(String option, String value) {
      switch (option) {
        case "--systems" -> systems = parseSystems(value);
        case "--workloads" -> workloads = parseWorkloads(value);
        case "--threads" -> threads = parseThreads(value);
        case "--seconds" -> seconds = parseInt(option, value, 1, MAX_SECONDS);
        case "--records" -> records = parseInt(option, value, 1, MAX_RECORDS);
        case "--out" -> out = parsePath(option, value);
        case "--cohort-set" -> cohortSettings.add(parseSetting(value));
        default -> throw new IllegalArgumentException(unknown(option));
      }
    }

    SuiteOptions build() {
      List<String> workloadList = quick ? List.of("a", "c") : List.of("a", "b", "c", "f");
      List<Integer> threadList = quick ? List.of(1, 8) : List.of(1, 8, 32, 64);
      int phaseSeconds = quick ? 8 : 20;
      if (workloads != null) {
        workloadList = workloads;
      }
      if (threads != null) {
        threadList = threads;
      }
      if (seconds != null) {
        phaseSeconds = seconds;
      }
      List<SystemKind> systemList = systems != null ? systems : List.of(SystemKind.values());
      return new SuiteOptions(systemList, workloadList, threadList, phaseSeconds, records, out,
          List.copyOf(cohortSettings), help);
    }
  }

  private static List<SystemKind> parseSystems(String value) {
    List<SystemKind> parsed = new ArrayList<>();
    for (String item : splitList("--systems", value)) {
      parsed.add(SystemKind.parse(item));
    }
    return parsed;
  }

  private static List<String> parseWorkloads(String value) {
    List<String> parsed = splitList("--workloads", value);
    for (String name : parsed) {
      if (!WORKLOAD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("--workloads: invalid workload name '" + name
            + "'; use the suffix of a file bench/workloads/workloadNAME, such as a or f");
      }
    }
    return parsed;
  }

  private static List<Integer> parseThreads(String value) {
    List<Integer> parsed = new ArrayList<>();
    for (String item : splitList("--threads", value)) {
      parsed.add(parseInt("--threads", item, 1, MAX_THREADS));
    }
    parsed.sort(null);
    return parsed;
  }

  /** Splits a comma-separated list and rejects empty items and duplicates. */
  private static List<String> splitList(String option, String value) {
    Set<String> items = new LinkedHashSet<>();
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(option + " '" + value + "' contains an empty item; use a comma-separated"
            + " list such as " + example(option));
      }
      if (!items.add(trimmed)) {
        throw new IllegalArgumentException(option + " '" + value + "' lists '" + trimmed + "' twice");
      }
    }
    return List.copyOf(items);
  }

  private static String example(String option) {
    return switch (option) {
      case "--systems" -> "cohort,redis";
      case "--threads" -> "1,8,32";
      default -> "a,c";
    };
  }

  private static int parseInt(String option, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // The message below covers both cases.
    }
    throw new IllegalArgumentException(option + " '" + value + "' is invalid; use a whole number from " + min
        + " to " + max);
  }

  private static Path parsePath(String option, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(option + " is empty; give a directory such as work/bench/report");
    }
    return Path.of(value);
  }

  private static String parseSetting(String value) {
    int equals = value.indexOf('=');
    if (equals <= 0 || equals == value.length() - 1) {
      throw new IllegalArgumentException("--cohort-set '" + value + "' is invalid; use KEY=VALUE, such as"
          + " cohort.partitions.group-commit.max-writes=1");
    }
    return value;
  }
}
