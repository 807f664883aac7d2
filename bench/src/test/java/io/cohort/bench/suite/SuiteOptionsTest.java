package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteOptionsTest {

  @Test
  void defaults() {
    SuiteOptions options = SuiteOptions.parse(new String[0]);

    assertEquals(List.of(SystemKind.COHORT, SystemKind.CASSANDRA, SystemKind.REDIS), options.systems());
    assertEquals(List.of("a", "b", "c", "f"), options.workloads());
    assertEquals(List.of(1, 8, 32, 64), options.threads());
    assertEquals(20, options.seconds());
    assertEquals(10_000, options.records());
    assertEquals(Path.of("work", "bench", "report"), options.out());
    assertEquals(List.of(), options.cohortSettings());
    assertFalse(options.help());
    assertEquals(63, options.phaseCount());
  }

  @Test
  void quickDefaults() {
    SuiteOptions options = SuiteOptions.parse(new String[] {"--quick"});

    assertEquals(List.of(1, 8), options.threads());
    assertEquals(List.of("a", "c"), options.workloads());
    assertEquals(8, options.seconds());
    assertEquals(3 * (1 + 2 * 2 + 2), options.phaseCount());
  }

  @Test
  void explicitValuesWinOverQuickInAnyOrder() {
    SuiteOptions before = SuiteOptions.parse(new String[] {"--threads", "4", "--quick", "--seconds", "3"});
    SuiteOptions after = SuiteOptions.parse(new String[] {"--quick", "--threads", "4", "--seconds", "3"});

    assertEquals(List.of(4), before.threads());
    assertEquals(3, before.seconds());
    assertEquals(List.of("a", "c"), before.workloads());
    assertEquals(before, after);
  }

  @Test
  void everyOption() {
    SuiteOptions options = SuiteOptions.parse(new String[] {"--systems", "redis,cohort", "--workloads", "f,b",
        "--threads", "16,2", "--seconds", "5", "--records", "500", "--out", "/tmp/report",
        "--cohort-set", "cohort.partitions.group-commit.max-writes=1", "--cohort-set", "a.b=c"});

    assertEquals(List.of(SystemKind.REDIS, SystemKind.COHORT), options.systems());
    assertEquals(List.of("f", "b"), options.workloads());
    assertEquals(List.of(2, 16), options.threads());
    assertEquals(5, options.seconds());
    assertEquals(500, options.records());
    assertEquals(Path.of("/tmp/report"), options.out());
    assertEquals(List.of("cohort.partitions.group-commit.max-writes=1", "a.b=c"), options.cohortSettings());
  }

  @Test
  void helpFlag() {
    assertTrue(SuiteOptions.parse(new String[] {"--help"}).help());
    assertTrue(SuiteOptions.parse(new String[] {"-h"}).help());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "--bogus;unknown option '--bogus'; run bin/cohort bench --help",
      "--threads;--threads needs a value",
      "--threads 0;--threads '0' is invalid; use a whole number from 1 to 1024",
      "--threads 8,x;--threads 'x' is invalid",
      "--threads 1,,8;--threads '1,,8' contains an empty item",
      "--threads 8,8;--threads '8,8' lists '8' twice",
      "--systems cohort,mysql;--systems: unknown system 'mysql'; use cohort, cassandra or redis",
      "--workloads a,../x;--workloads: invalid workload name '../x'",
      "--seconds 0;--seconds '0' is invalid; use a whole number from 1 to 3600",
      "--seconds 1.5;--seconds '1.5' is invalid",
      "--records -1;--records '-1' is invalid",
      "--cohort-set novalue;--cohort-set 'novalue' is invalid; use KEY=VALUE",
      "--cohort-set =1;--cohort-set '=1' is invalid",
  })
  void invalidOptionsAreRejected(String arguments, String expectedMessage) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> SuiteOptions.parse(arguments.split(" ")));

    assertTrue(error.getMessage().startsWith(expectedMessage), error.getMessage());
  }

  @Test
  void missingWorkloadFileIsRejected() {
    SuiteOptions options = SuiteOptions.parse(new String[] {"--workloads", "a,zz"});
    Path root = Path.of("..").toAbsolutePath().normalize();

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> BenchSuite.requireFiles(root, options));

    assertTrue(error.getMessage().contains("workloadzz not found"), error.getMessage());
  }

  @Test
  void wrongDirectoryIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> BenchSuite.requireFiles(Path.of("/"), SuiteOptions.parse(new String[0])));

    assertTrue(error.getMessage().contains("run the suite with bin/cohort bench"), error.getMessage());
  }

  @Test
  void commandLineQuotesArguments() {
    assertEquals("bin/cohort bench --quick --cohort-set 'a.b=\"x y\"'",
        BenchSuite.commandLine(new String[] {"--quick", "--cohort-set", "a.b=\"x y\""}));
  }

  @Test
  void estimateGrowsWithPhases() {
    long quick = BenchSuite.estimatedMinutes(SuiteOptions.parse(new String[] {"--quick"}));
    long full = BenchSuite.estimatedMinutes(SuiteOptions.parse(new String[0]));

    assertTrue(quick >= 3, "quick " + quick + " min");
    assertTrue(quick < full, "quick " + quick + " min, full " + full + " min");
  }
}
