package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a running JVM's maximum heap option from {@code /proc/PID/cmdline}, for the report. */
final class JvmHeap {
  private JvmHeap() {}

  /** Returns the last {@code -Xmx} argument of the process, such as {@code -Xmx1G}, or a note when it has none. */
  static String maxHeapOption(long pid) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String found = "no -Xmx option (the JVM default)";
      for (String argument : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
        if (argument.startsWith("-Xmx")) {
          found = argument;
        }
      }
      return found;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
