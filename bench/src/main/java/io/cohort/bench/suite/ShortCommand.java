package io.cohort.bench.suite;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command, such as {@code nproc} or {@code java -version}, and returns its output. */
final class ShortCommand {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private ShortCommand() {}

  /**
   * Runs the command with stdout and stderr merged into a temporary file, so a command that hangs cannot
   * block the read.
   *
   * @throws IOException when the command cannot start, exits with a status other than 0, or runs longer than
   *     {@link #TIMEOUT}, in which case it is killed
   */
  static String run(List<String> command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("cohort-bench-", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        throw new IOException(String.join(" ", command) + " timed out after " + TIMEOUT.toSeconds() + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed with exit status " + process.exitValue()
            + ": " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Runs the command like {@link #run} and returns {@code fallback} with the error when it fails. */
  static String runOr(List<String> command, String fallback) {
    try {
      return run(command);
    } catch (IOException e) {
      return fallback + " (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback + " (interrupted)";
    }
  }
}
