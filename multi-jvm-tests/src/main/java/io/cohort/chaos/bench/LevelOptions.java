package io.cohort.chaos.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link LevelLatencyBenchmark}, checked with messages that name the option.
 *
 * @param writes measured writes per row and thread count, split over the rounds
 * @param threads client thread counts, each measured in its own pass
 * @param valueBytes size of each request body in bytes
 * @param warmup unrecorded writes to random keys per row before the first pass, after one write to every key
 * @param rounds rounds per pass, each with the rows in another order
 * @param keys size of the key space each row draws its keys from
 * @param maxPhase time bound on one row's writes in one round
 * @param out Markdown report file
 */
record LevelOptions(int writes, List<Integer> threads, int valueBytes, int warmup, int rounds, int keys,
    Duration maxPhase, Path out) {

  /** The smallest body {@link LevelLatencyBenchmark} can build: {@code {"v":""}}. */
  static final int MIN_VALUE_BYTES = 8;

  static LevelOptions parse(String[] args) {
    int writes = 2_000;
    List<Integer> threads = List.of(1, 8);
    int valueBytes = 100;
    int warmup = 300;
    // Four rounds for the four rows, so that each row runs once in every position of the order.
    int rounds = 4;
    int keys = 1_000;
    Duration maxPhase = Duration.ofSeconds(300);
    Path out = Path.of("multi-jvm-tests", "target", "levels-report.md");

    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " is missing its value");
      }
      switch (args[i]) {
        case "--writes" -> writes = OptionValues.intBetween(args[i], value, 1, 1_000_000);
        case "--threads" -> threads = threads(value);
        case "--value-bytes" -> valueBytes = OptionValues.intBetween(args[i], value, MIN_VALUE_BYTES, 65_536);
        case "--warmup" -> warmup = OptionValues.intBetween(args[i], value, 0, 100_000);
        case "--rounds" -> rounds = OptionValues.intBetween(args[i], value, 1, 20);
        case "--keys" -> keys = OptionValues.intBetween(args[i], value, 1, 10_000_000);
        case "--max-phase-seconds" -> maxPhase = Duration.ofSeconds(OptionValues.intBetween(args[i], value, 1, 3_600));
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option [" + args[i] + "]; options: --writes N,"
            + " --threads T[,T...], --value-bytes B, --warmup N, --rounds R, --keys K, --max-phase-seconds S,"
            + " --out FILE");
      }
    }

    if (writes < rounds) {
      throw new IllegalArgumentException("--writes " + writes + " is less than --rounds " + rounds
          + "; give at least one write per round");
    }
    return new LevelOptions(writes, threads, valueBytes, warmup, rounds, keys, maxPhase, out);
  }

  /** Returns the largest thread count, which the warm-up uses. */
  int maxThreads() {
    return threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  private static List<Integer> threads(String value) {
    List<Integer> counts = new ArrayList<>();
    for (String part : value.split(",")) {
      counts.add(OptionValues.intBetween("--threads", part.trim(), 1, 256));
    }
    return List.copyOf(counts);
  }
}
