package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine that the suite ran on, for the report.
 *
 * @param cores output of {@code nproc}
 * @param cpuModel the first "model name" of {@code /proc/cpuinfo}
 * @param memory MemTotal of {@code /proc/meminfo}
 * @param kernel output of {@code uname -sr}
 * @param javaVersion output of {@code java -version}, the Java that bin/cohort and YCSB run on
 * @param loadAverage the first three fields of {@code /proc/loadavg} when the suite started
 */
record MachineInfo(String cores, String cpuModel, String memory, String kernel, String javaVersion,
    String loadAverage) {

  static MachineInfo collect() {
    return new MachineInfo(
        ShortCommand.runOr(List.of("nproc"), "unknown"),
        procField("/proc/cpuinfo", "model name"),
        formatMemory(procField("/proc/meminfo", "MemTotal")),
        ShortCommand.runOr(List.of("uname", "-sr"), "unknown"),
        ShortCommand.runOr(List.of("java", "-version"), "unknown"),
        readLoadAverage());
  }

  /** Returns the value after the colon of the first line that starts with {@code key}. */
  private static String procField(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        if (line.startsWith(key) && line.contains(":")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "unknown (no " + key + " in " + file + ")";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Converts a MemTotal value such as {@code 24592056 kB} to GiB. */
  static String formatMemory(String memTotal) {
    String[] parts = memTotal.split("\\s+");
    if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("\\d+")) {
      return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / (1024.0 * 1024.0));
    }
    return memTotal;
  }

  private static String readLoadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2] + " (1, 5 and 15 minutes)";
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
