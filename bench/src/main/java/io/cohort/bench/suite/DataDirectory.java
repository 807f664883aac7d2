package io.cohort.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The data directories of the systems, all under {@code work/bench/}, emptied before each system starts. */
final class DataDirectory {
  static final Path BENCH_ROOT = Path.of("work", "bench");

  private DataDirectory() {}

  /** Returns {@code work/bench/NAME} under the repository root. */
  static Path of(Path repositoryRoot, String name) {
    return repositoryRoot.resolve(BENCH_ROOT).resolve(name).toAbsolutePath().normalize();
  }

  /**
   * Deletes the directory with its content and creates it again, empty.
   *
   * @throws IllegalArgumentException when the directory is not under {@code work/bench/} of the root, which
   *     guards against deleting anything else
   */
  static void reset(Path repositoryRoot, Path dir) throws IOException {
    Path benchRoot = repositoryRoot.resolve(BENCH_ROOT).toAbsolutePath().normalize();
    Path normalized = dir.toAbsolutePath().normalize();
    if (!normalized.startsWith(benchRoot) || normalized.equals(benchRoot)) {
      throw new IllegalArgumentException("refusing to delete " + normalized + ": it is not inside " + benchRoot);
    }
    if (Files.exists(normalized)) {
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(normalized)) {
        paths = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path path : paths) {
        Files.delete(path);
      }
    }
    Files.createDirectories(normalized);
  }
}
