package io.cohort.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Layout of a Cassandra node's directory. The launcher rewrites {@code conf/} on every start and keeps
 * the data directories, so a node started again on the same directory finds its data.
 */
final class NodeDirectories {
  private final Path root;

  NodeDirectories(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path conf() {
    return root.resolve("conf");
  }

  Path logs() {
    return root.resolve("logs");
  }

  Path data() {
    return root.resolve("data");
  }

  Path commitlog() {
    return root.resolve("commitlog");
  }

  Path hints() {
    return root.resolve("hints");
  }

  Path savedCaches() {
    return root.resolve("saved_caches");
  }

  Path cdcRaw() {
    return root.resolve("cdc_raw");
  }

  Path cassandraYaml() {
    return conf().resolve("cassandra.yaml");
  }

  Path logbackXml() {
    return conf().resolve("logback.xml");
  }

  /** Returns Cassandra's own log file, written through the generated logback configuration. */
  Path systemLog() {
    return logs().resolve("system.log");
  }

  /** Returns the file that receives the child JVM's stdout and stderr. */
  Path stdoutLog() {
    return logs().resolve("stdout.log");
  }

  /** Returns the file that contains the running child's PID; the launcher deletes it after a stop. */
  Path pidFile() {
    return root.resolve("cassandra.pid");
  }

  void createAll() {
    for (Path dir : List.of(conf(), logs(), data(), commitlog(), hints(), savedCaches(), cdcRaw())) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to create directory " + dir + " for Cassandra", e);
      }
    }
  }
}
