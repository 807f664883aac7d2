package io.cohort.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CassandraSettings;
import io.cohort.config.CohortConfig;
import io.cohort.config.CohortSettings;
import io.cohort.config.SettingsException;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import io.cohort.persistence.JournalConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/cohort node}: runs one Cohort node until SIGTERM or until the cluster downs it.
 *
 * <p>Usage: {@code Main [--config FILE]}. The file is HOCON and overrides {@code reference.conf}; JVM
 * system properties ({@code -Dcohort.node.http.port=8082}) override both. With no Cassandra contact points
 * configured, the node starts an embedded Cassandra under its work directory and stops it on exit.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Config config;
    CohortSettings settings;
    try {
      config = loadConfig(args);
      settings = CohortSettings.fromConfig(config);
    } catch (SettingsException | IllegalArgumentException | com.typesafe.config.ConfigException e) {
      System.err.println("cohort: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (System.getProperty("cohort.log.dir") == null) {
      System.setProperty("cohort.log.dir", settings.node().workDir().resolve("logs").toAbsolutePath().toString());
    }
    run(config, settings);
  }

  private static void run(Config config, CohortSettings settings) {
    Optional<EmbeddedCassandra> embedded = startEmbeddedCassandraIfNeeded(settings);
    List<String> contactPoints = embedded.map(cassandra -> List.of(cassandra.contactPoint()))
        .orElse(settings.cassandra().contactPoints());
    Config nodeConfig = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")
        .withFallback(JournalConfig.forContactPoints(contactPoints, settings.cassandra().localDatacenter()))
        .withFallback(config)
        .resolve();
    CohortNode node;
    try {
      node = CohortNode.start(nodeConfig);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedCassandra::stop);
      throw e;
    }
    node.whenTerminated().toCompletableFuture().join();
    embedded.ifPresent(EmbeddedCassandra::stop);
  }

  private static Optional<EmbeddedCassandra> startEmbeddedCassandraIfNeeded(CohortSettings settings) {
    CassandraSettings cassandra = settings.cassandra();
    if (!cassandra.useEmbedded()) {
      return Optional.empty();
    }
    Path dir = settings.node().workDir().resolve("cassandra");
    return Optional.of(CassandraLauncher.start(CassandraNode.fromSettings(cassandra.embedded(), dir)));
  }

  static Config loadConfig(String[] args) {
    Config file = ConfigFactory.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        Path path = Path.of(args[++i]);
        if (!path.toFile().isFile()) {
          throw new IllegalArgumentException("--config " + path + ": no such file");
        }
        file = ConfigFactory.parseFile(path.toFile());
      } else {
        throw new IllegalArgumentException("unknown argument [" + args[i] + "]; usage: Main [--config FILE]");
      }
    }
    return CohortConfig.forNode(file);
  }
}
