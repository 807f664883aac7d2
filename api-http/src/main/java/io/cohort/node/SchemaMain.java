package io.cohort.node;

import com.typesafe.config.Config;
import io.cohort.config.CohortSettings;
import io.cohort.persistence.CassandraSchema;
import io.cohort.persistence.JournalConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/cohort schema}: creates the keyspaces and tables that every node shares (the default namespace's
 * journal and snapshots, and the namespace registry's) in the Cassandra cluster of a node configuration.
 *
 * <p>Usage: {@code SchemaMain [--config FILE]}, with the same file as {@code bin/cohort node}. Run it once
 * before the first nodes start on a Cassandra cluster of several nodes: nodes that create the same tables at
 * once through different Cassandra nodes leave the schema in disagreement. It is safe to run again.
 * Namespaces need no such step, because the node that creates a namespace creates its schema.
 */
public final class SchemaMain {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private SchemaMain() {}

  public static void main(String[] args) {
    try {
      Config config = Main.loadConfig(args);
      CohortSettings settings = CohortSettings.fromConfig(config);
      Config withCassandra = JournalConfig.forExternalCassandra(settings.cassandra()).withFallback(config).resolve();
      String registry = settings.namespaces().registryPlugin();
      List<String> plugins = registry.isEmpty()
          ? List.of(JournalConfig.PLUGIN_PATH)
          : List.of(JournalConfig.PLUGIN_PATH, registry);
      CassandraSchema.ensureAll(withCassandra, plugins, TIMEOUT);
      System.out.println("cohort schema: keyspaces and tables of " + plugins + " exist in "
          + settings.cassandra().contactPoints());
    } catch (RuntimeException e) {
      System.err.println("cohort schema: " + e.getMessage());
      System.exit(2);
    }
  }
}
