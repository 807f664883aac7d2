package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/** Reads the CPU time of a process from Linux's {@code /proc/PID/stat}. */
final class ProcCpu {

  /** The usual USER_HZ of Linux, used when {@code getconf CLK_TCK} fails. */
  private static final long DEFAULT_TICKS_PER_SECOND = 100;

  private final long ticksPerSecond;

  private ProcCpu(long ticksPerSecond) {
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Creates a reader with the clock-tick rate from {@code getconf CLK_TCK}, or 100 when that fails. */
  static ProcCpu create() {
    return new ProcCpu(readTicksPerSecond());
  }

  /**
   * Returns the user plus system CPU seconds of all threads of the process so far, with those of its children
   * that it has waited for, such as the child that Redis forks to rewrite its append-only file. Returns empty
   * when the process has exited or {@code /proc} is unreadable.
   */
  OptionalDouble cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      return OptionalDouble.of(parseStatTicks(stat) / (double) ticksPerSecond);
    } catch (IOException | IllegalArgumentException e) {
      return OptionalDouble.empty();
    }
  }

  /** Returns the sum of {@link #cpuSeconds} over the processes, or NaN when one of them is unreadable. */
  double totalCpuSeconds(List<Long> pids) {
    double total = 0;
    for (long pid : pids) {
      OptionalDouble seconds = cpuSeconds(pid);
      if (seconds.isEmpty()) {
        return Double.NaN;
      }
      total += seconds.getAsDouble();
    }
    return total;
  }

  /**
   * Returns utime, stime, cutime and cstime, fields 14 to 17 of a {@code /proc/PID/stat} line, summed in clock
   * ticks. The second field is the command name in parentheses and may contain spaces, so fields are counted
   * after the last ')'.
   */
  static long parseStatTicks(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("invalid /proc stat line: " + stat);
    }
    String[] fields = stat.substring(end + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so fields 14 to 17 are fields[11] to fields[14].
    if (fields.length < 15) {
      throw new IllegalArgumentException("invalid /proc stat line, too few fields: " + stat);
    }
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
        + Long.parseLong(fields[14]);
  }

  private static long readTicksPerSecond() {
    try {
      return Long.parseLong(ShortCommand.run(List.of("getconf", "CLK_TCK")));
    } catch (IOException | NumberFormatException e) {
      BenchLog.warn("getconf CLK_TCK failed (" + e.getMessage() + "); assuming " + DEFAULT_TICKS_PER_SECOND
          + " clock ticks per second");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return DEFAULT_TICKS_PER_SECOND;
  }
}
