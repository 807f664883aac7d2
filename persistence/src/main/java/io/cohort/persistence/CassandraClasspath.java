package io.cohort.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The classpath of the Cassandra child JVM: cassandra-all and its dependencies as absolute paths in the
 * local Maven repository, read from the resource that the cohort-cassandra-runtime module generates at
 * build time. The paths are valid only on the machine that built that module.
 */
final class CassandraClasspath {
  static final String RESOURCE = "/io/cohort/persistence/cassandra.classpath";

  private final List<Path> entries;

  CassandraClasspath(List<Path> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads the classpath resource and checks that every listed jar exists. */
  static CassandraClasspath load() {
    String text;
    try (InputStream in = CassandraClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new CassandraStartException(
            "Resource " + RESOURCE + " is missing from the classpath; add the cohort-cassandra-runtime jar"
                + " (build it with: mvn -pl persistence/cassandra-runtime install)");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read resource " + RESOURCE, e);
    }
    List<Path> entries =
        Arrays.stream(text.split(":")).filter(entry -> !entry.isBlank()).map(Path::of).toList();
    for (Path entry : entries) {
      if (!Files.isRegularFile(entry)) {
        throw new CassandraStartException(
            "Cassandra's classpath lists " + entry + ", which does not exist; download it again with:"
                + " mvn -pl persistence/cassandra-runtime install");
      }
    }
    return new CassandraClasspath(entries);
  }

  String asArgument() {
    return entries.stream().map(Path::toString).collect(Collectors.joining(":"));
  }

  /** Returns the jamm jar, which Cassandra's start script loads as a Java agent. */
  Optional<Path> jammJar() {
    return entries.stream().filter(entry -> "jamm".equals(artifactId(entry))).findFirst();
  }

  /**
   * Returns a description of the problem when logback-classic and logback-core differ in version. Then
   * SLF4J finds no working binding in the child JVM, and Cassandra writes no log at all.
   */
  Optional<String> logbackVersionMismatch() {
    Optional<String> classic = versionOf("logback-classic");
    Optional<String> core = versionOf("logback-core");
    if (classic.isEmpty() || core.isEmpty() || classic.equals(core)) {
      return Optional.empty();
    }
    return Optional.of(
        "Cassandra's classpath has logback-classic "
            + classic.get()
            + " but logback-core "
            + core.get()
            + ", so Cassandra writes no system.log; pin logback-classic to "
            + core.get()
            + " in persistence/cassandra-runtime/pom.xml");
  }

  private Optional<String> versionOf(String artifactId) {
    return entries.stream()
        .filter(entry -> artifactId.equals(artifactId(entry)))
        .map(entry -> entry.getParent().getFileName().toString())
        .findFirst();
  }

  /** Reads the artifact id from a Maven repository path such as .../jamm/0.4.0/jamm-0.4.0.jar. */
  private static String artifactId(Path jar) {
    Path versionDir = jar.getParent();
    if (versionDir == null || versionDir.getParent() == null) {
      return "";
    }
    return Objects.toString(versionDir.getParent().getFileName(), "");
  }
}
