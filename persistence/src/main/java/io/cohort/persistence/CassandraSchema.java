package io.cohort.persistence;

import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Creates the keyspaces and tables of a Cassandra journal plugin from one client, one statement at a time,
 * each finished only when the Cassandra nodes agree on the schema.
 *
 * <p>A plugin also creates its schema itself when its session opens ({@code keyspace-autocreate}), but on a
 * Cassandra cluster of several nodes the sessions of several Cohort nodes then create the same tables at once
 * through different coordinators, and the nodes disagree on the schema: writes fail with "keyspace does not
 * exist" and the plugin does not try again. Creating the schema here first, from one place, leaves the
 * plugins' own creation nothing to do. Cohort does so for a namespace's plugin on the node that creates the
 * namespace, and test clusters do so for the default and registry plugins before their nodes start.
 */
public final class CassandraSchema {
  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+\"?(\\w+)\"?\\.\"?(\\w+)\"?");
  private static final Pattern CREATE_KEYSPACE =
      Pattern.compile("(?i)CREATE\\s+KEYSPACE\\s+IF\\s+NOT\\s+EXISTS\\s+\"?(\\w+)\"?");

  private CassandraSchema() {}

  /**
   * Returns whether the keyspace or table that {@code statement} creates is already in the driver's schema
   * metadata, so that a plugin whose schema exists costs no DDL round trips. A statement of another form
   * counts as missing and runs; it is idempotent ({@code IF NOT EXISTS}).
   */
  static boolean exists(Metadata metadata, String statement) {
    Matcher table = CREATE_TABLE.matcher(statement);
    if (table.find()) {
      return metadata.getKeyspace(table.group(1)).flatMap(keyspace -> keyspace.getTable(table.group(2))).isPresent();
    }
    Matcher keyspace = CREATE_KEYSPACE.matcher(statement);
    return keyspace.find() && metadata.getKeyspace(keyspace.group(1)).isPresent();
  }

  /**
   * Creates the schema of every plugin in {@code pluginPaths} from a short-lived actor system built on
   * {@code config}, a node configuration resolved with {@code CohortConfig.withDefaults}, for tools and test
   * clusters that prepare Cassandra before the nodes start.
   *
   * @throws IllegalStateException when a statement fails or the whole does not finish within {@code timeout}
   */
  public static void ensureAll(Config config, List<String> pluginPaths, Duration timeout) {
    Config local = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cohort-schema", local);
    try {
      for (String path : pluginPaths) {
        ensure(system, path).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("creating the Cassandra schema of " + pluginPaths + " failed: " + e, e);
    } finally {
      system.terminate();
    }
  }

  /**
   * Creates, when missing, the journal and snapshot keyspaces and tables of the plugin whose configuration is
   * at {@code pluginPath} (such as {@code pekko.persistence.cassandra} or a path under {@code cohort.journals}),
   * through that plugin's shared session.
   */
  public static CompletionStage<Done> ensure(ActorSystem<?> system, String pluginPath) {
    try {
      Config shared = system.settings().config().getConfig(pluginPath);
      PluginSettings settings = new PluginSettings(system.classicSystem(), shared);
      KeyspaceAndTableStatements statements = new KeyspaceAndTableStatements(system, pluginPath, settings);
      List<String> ddl = new ArrayList<>();
      ddl.add(statements.createJournalKeyspaceStatement());
      ddl.addAll(statements.getCreateJournalTablesStatements());
      ddl.add(statements.createSnapshotKeyspaceStatement());
      ddl.addAll(statements.getCreateSnapshotTablesStatements());
      CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(pluginPath);
      return session.underlying().thenCompose(cql -> {
        CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
        for (String statement : ddl) {
          if (!exists(cql.getMetadata(), statement)) {
            done = done.thenCompose(previous -> session.executeDDL(statement));
          }
        }
        return done;
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
