package io.cohort.chaos.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link FailoverBenchmark}, checked with messages that name the option. */
record FailoverOptions(int runs, String fault, List<FailoverProfile> profiles, int sample, Duration settle,
    Path out) {

  static FailoverOptions parse(String[] args) {
    int runs = 10;
    String fault = "kill";
    List<FailoverProfile> profiles = List.of(FailoverProfile.COHORT, FailoverProfile.PEKKO_DEFAULTS);
    int sample = 8;
    Duration settle = Duration.ofSeconds(15);
    Path out = Path.of("multi-jvm-tests", "target", "failover-report.md");
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--runs" -> runs = OptionValues.intBetween(args[i], value, 1, 100);
        case "--fault" -> fault = fault(value);
        case "--profiles" -> profiles = profiles(value);
        case "--sample" -> sample = OptionValues.intBetween(args[i], value, 1, 64);
        case "--settle-seconds" -> settle = Duration.ofSeconds(OptionValues.intBetween(args[i], value, 0, 600));
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option [" + args[i] + "]; options: --runs N,"
            + " --fault kill|leave, --profiles cohort,cohort-lease,pekko-defaults, --sample N,"
            + " --settle-seconds S, --out FILE");
      }
    }
    return new FailoverOptions(runs, fault, profiles, sample, settle, out);
  }

  private static String fault(String value) {
    if (!value.equals("kill") && !value.equals("leave")) {
      throw new IllegalArgumentException("--fault " + value + " is invalid; use kill (kill -9) or leave (SIGTERM)");
    }
    return value;
  }

  private static List<FailoverProfile> profiles(String value) {
    List<FailoverProfile> profiles = new ArrayList<>();
    for (String label : value.split(",")) {
      profiles.add(FailoverProfile.fromLabel(label.trim()));
    }
    return List.copyOf(profiles);
  }
}
