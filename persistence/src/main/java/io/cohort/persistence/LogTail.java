package io.cohort.persistence;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a log file written after a given offset, for error messages about a failed start. Log
 * files are appended across restarts, so the launcher records each file's size before it starts the
 * child and shows only what that start wrote.
 */
final class LogTail {
  private static final int MAX_BYTES = 64 * 1024;

  private final Path file;
  private final long offset;

  private LogTail(Path file, long offset) {
    this.file = file;
    this.offset = offset;
  }

  /** Marks the current end of {@code file}; a missing file counts as empty. */
  static LogTail from(Path file) {
    long size = 0;
    try {
      if (Files.exists(file)) {
        size = Files.size(file);
      }
    } catch (IOException e) {
      size = 0;
    }
    return new LogTail(file, size);
  }

  /**
   * Returns up to {@code maxLines} last lines written since the mark, read from at most the last 64 KiB,
   * each prefixed with "  | ", or one line stating that there are none.
   */
  String lastLines(int maxLines) {
    try {
      if (!Files.exists(file)) {
        return "  (" + file + " does not exist)\n";
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        long end = in.length();
        // A file shorter than the mark was rotated or truncated; read it from the start then.
        long start = Math.max(end < offset ? 0 : offset, end - MAX_BYTES);
        byte[] bytes = new byte[(int) (end - start)];
        in.seek(start);
        in.readFully(bytes);
        List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        lines = lines.stream().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
          return "  (nothing written to " + file + ")\n";
        }
        StringBuilder tail = new StringBuilder();
        for (String line : lines.subList(Math.max(0, lines.size() - maxLines), lines.size())) {
          tail.append("  | ").append(line).append('\n');
        }
        return tail.toString();
      }
    } catch (IOException e) {
      return "  (failed to read " + file + ": " + e.getMessage() + ")\n";
    }
  }

  Path file() {
    return file;
  }
}
