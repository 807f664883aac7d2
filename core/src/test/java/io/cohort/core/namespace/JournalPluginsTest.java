package io.cohort.core.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.JournalPlugins;
import io.cohort.config.namespace.NamespaceDefaults;
import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceRules;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.config.namespace.ReplicaConsistency;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra journal plugins that {@link JournalPlugins} generates, resolved the way a node resolves them.
 *
 * <p>pekko-persistence-cassandra is a dependency of the persistence module, not of core, so its
 * {@code reference.conf} is not on this module's test classpath. The tests that need the real plugin template
 * load the plugin jar from the local Maven repository under a context class loader, because
 * {@link CohortConfig#withDefaults} reads {@code reference.conf} through the context class loader, and they
 * are skipped when the jar is not there. The tests against a stand-in template always run.
 */
class JournalPluginsTest {
  private static final String PLUGIN_ARTIFACT = "org/apache/pekko/pekko-persistence-cassandra_2.13";
  private static final String JOURNAL_CLASS = "org.apache.pekko.persistence.cassandra.journal.CassandraJournal";
  private static final String SNAPSHOT_CLASS = "org.apache.pekko.persistence.cassandra.snapshot.CassandraSnapshotStore";
  private static final NamespaceRules RULES =
      new NamespaceRules(new NamespaceDefaults(16, ConsistencyLevel.STRONG, 3, "data", 1024 * 1024));

  /** A class loader whose resources include the real plugin's reference.conf, or empty when the jar is not found. */
  private static Optional<ClassLoader> pluginLoader;

  @BeforeAll
  static void findPlugin() throws IOException {
    pluginLoader = findPluginLoader();
  }

  private static Optional<ClassLoader> findPluginLoader() throws IOException {
    ClassLoader testLoader = JournalPluginsTest.class.getClassLoader();
    if (ConfigFactory.defaultReference(testLoader).hasPath(JournalPlugins.TEMPLATE + ".journal.class")) {
      return Optional.of(testLoader);
    }
    for (String property : List.of("maven.repo.local", "localRepository")) {
      String value = System.getProperty(property);
      if (value != null) {
        Optional<Path> jar = newestPluginJar(Path.of(value));
        if (jar.isPresent()) {
          return Optional.of(loaderWith(jar.get(), testLoader));
        }
      }
    }
    Optional<Path> jar = newestPluginJar(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    return jar.isPresent() ? Optional.of(loaderWith(jar.get(), testLoader)) : Optional.empty();
  }

  private static Optional<Path> newestPluginJar(Path repository) throws IOException {
    Path artifact = repository.resolve(PLUGIN_ARTIFACT);
    if (!Files.isDirectory(artifact)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(artifact)) {
      // NOTE: picks the lexically greatest version directory, which is the newest only when the versions have
      // equal digit counts. The local repository contains one plugin version today.
      return versions
          .map(version -> version.resolve(artifact.getFileName() + "-" + version.getFileName() + ".jar"))
          .filter(Files::isRegularFile)
          .max(Comparator.naturalOrder());
    }
  }

  private static ClassLoader loaderWith(Path jar, ClassLoader parent) throws MalformedURLException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
  }

  /** Runs {@code body} with the real plugin's reference.conf visible to {@link CohortConfig}. */
  private static <T> T withPlugin(Supplier<T> body) {
    assumeTrue(pluginLoader.isPresent(),
        "pekko-persistence-cassandra is neither on the test classpath nor in the local Maven repository");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(pluginLoader.get());
    try {
      return body.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Config nodeConfig(Config application) {
    return withPlugin(() -> CohortConfig.withDefaults(application));
  }

  private static NamespaceSpec spec(String level, int replicationFactor, String write, String recovery) {
    NamespaceRules.Checked checked = RULES.create(new NamespaceRequest("sample", null, level, replicationFactor,
        null, null, null, write, recovery));
    assertEquals(List.of(), checked.errors(), level + " rf" + replicationFactor + " " + write + "/" + recovery);
    return checked.spec().orElseThrow();
  }

  // ---- with the real plugin template

  @Test
  void withDefaultsAddsPluginsWhenPluginPresent() {
    Config config = nodeConfig(ConfigFactory.empty());

    assertTrue(config.hasPath(JournalPlugins.TEMPLATE + ".journal.class"), "the real template was loaded");
    assertTrue(config.hasPath(JournalPlugins.ROOT), "generated plugins are in the node's configuration");
  }

  @Test
  void semiSyncPluginHasKeyspaceAndProfiles() {
    Config config = nodeConfig(ConfigFactory.empty());
    NamespaceSpec spec = spec("semi-sync", 3, null, null);
    Config plugin = config.getConfig(JournalPlugins.pathOf(spec));

    assertEquals("cohort.journals.semi-sync-rf3-wtwo-rtwo", JournalPlugins.pathOf(spec));
    assertEquals(JOURNAL_CLASS, plugin.getString("journal.class"));
    assertEquals(SNAPSHOT_CLASS, plugin.getString("snapshot.class"));
    assertEquals("cohort_semi_sync_rf3", plugin.getString("journal.keyspace"));
    assertEquals("cohort_semi_sync_rf3_snapshot", plugin.getString("snapshot.keyspace"));
    assertEquals(3, plugin.getInt("journal.replication-factor"));
    assertEquals(3, plugin.getInt("snapshot.replication-factor"));
    assertEquals("cohort-two", plugin.getString("write-profile"));
    assertEquals("cohort-two", plugin.getString("read-profile"));
    assertEquals("cohort-two", plugin.getString("snapshot.write-profile"));
    assertEquals("cohort-two", plugin.getString("snapshot.read-profile"));
    // Keys the block does not set come from the template.
    assertEquals(config.getString(JournalPlugins.TEMPLATE + ".journal.table"), plugin.getString("journal.table"));
    assertEquals(config.getString(JournalPlugins.TEMPLATE + ".session-provider"),
        plugin.getString("session-provider"));
  }

  @Test
  void pluginOfEverySampleSpecExists() {
    Config config = nodeConfig(ConfigFactory.empty());
    List<NamespaceSpec> samples = List.of(
        spec("eventual", 1, null, null),
        spec("eventual", 2, "QUORUM", "ALL"),
        spec("semi-sync", 2, null, null),
        spec("strong", 1, null, null),
        spec("strong", 3, null, null),
        spec("strong", 5, "THREE", "quorum"));

    for (NamespaceSpec sample : samples) {
      String path = JournalPlugins.pathOf(sample);
      String label = path + ": ";
      assertEquals(JOURNAL_CLASS, config.getString(JournalPlugins.journalOf(sample) + ".class"), label);
      assertEquals(SNAPSHOT_CLASS, config.getString(JournalPlugins.snapshotOf(sample) + ".class"), label);
      assertEquals(JournalPlugins.keyspaceOf(sample.level(), sample.replicationFactor()),
          config.getString(path + ".journal.keyspace"), label);
      assertEquals(sample.replicationFactor(), config.getInt(path + ".journal.replication-factor"), label);
      assertEquals(JournalPlugins.profileOf(sample.writeConsistency()), config.getString(path + ".write-profile"),
          label);
      assertEquals(JournalPlugins.profileOf(sample.recoveryConsistency()),
          config.getString(path + ".read-profile"), label);
    }
  }

  @Test
  void strongKeyspaceUsesLevelName() {
    assertEquals("cohort_strong_rf5", JournalPlugins.keyspaceOf(ConsistencyLevel.STRONG, 5));
    assertEquals("cohort_eventual_rf1", JournalPlugins.keyspaceOf(ConsistencyLevel.EVENTUAL, 1));
  }

  @Test
  void pluginOfEveryAcceptedSpecExists() {
    Config config = nodeConfig(ConfigFactory.empty());
    int accepted = 0;
    for (ConsistencyLevel level : ConsistencyLevel.values()) {
      for (int rf = 1; rf <= NamespaceSpec.MAX_REPLICATION_FACTOR; rf++) {
        for (ReplicaConsistency write : ReplicaConsistency.values()) {
          for (ReplicaConsistency recovery : ReplicaConsistency.values()) {
            Optional<NamespaceSpec> spec = RULES.create(new NamespaceRequest("sample", null, level.id(), rf, null,
                null, null, write.name(), recovery.name())).spec();
            if (spec.isPresent()) {
              accepted++;
              assertTrue(config.hasPath(JournalPlugins.journalOf(spec.get()) + ".class"),
                  "no plugin for " + JournalPlugins.pathOf(spec.get()));
            }
          }
        }
      }
    }
    // Each level allows 9 + 16 + 25 + 25 + 25 pairs for replication factors 1 to 5, except semi-sync, which
    // rules out replication factor 1.
    assertEquals(100 + 91 + 100, accepted, "specs the rules accept");
  }

  @Test
  void invalidCombinationIsNotGenerated() {
    Config config = nodeConfig(ConfigFactory.empty());
    NamespaceSpec threeOfTwo = new NamespaceSpec("sample", 1, ConsistencyLevel.EVENTUAL, 2, "data", 1, 0,
        ReplicaConsistency.THREE, ReplicaConsistency.ONE);
    NamespaceSpec recoveryTwoOfOne = new NamespaceSpec("sample", 1, ConsistencyLevel.STRONG, 1, "data", 1, 0,
        ReplicaConsistency.ALL, ReplicaConsistency.TWO);

    assertFalse(config.hasPath(JournalPlugins.pathOf(threeOfTwo)), JournalPlugins.pathOf(threeOfTwo));
    assertFalse(config.hasPath(JournalPlugins.pathOf(recoveryTwoOfOne)), JournalPlugins.pathOf(recoveryTwoOfOne));
    assertTrue(config.hasPath("cohort.journals.eventual-rf3-wthree-rone"), "THREE fits replication factor 3");
  }

  @Test
  void driverProfileSetsConsistency() {
    Config config = nodeConfig(ConfigFactory.empty());

    assertEquals("ALL", config.getString("datastax-java-driver.profiles.cohort-all.basic.request.consistency"));
    for (ReplicaConsistency consistency : ReplicaConsistency.values()) {
      String request = "datastax-java-driver.profiles." + JournalPlugins.profileOf(consistency) + ".basic.request";
      assertEquals(consistency.name(), config.getString(request + ".consistency"), request);
      assertTrue(config.getBoolean(request + ".default-idempotence"), request);
    }
  }

  @Test
  void applicationTemplateOverrideReachesGeneratedPlugins() {
    Config config = nodeConfig(ConfigFactory.parseString("pekko.persistence.cassandra.journal.table = events"));
    NamespaceSpec spec = spec("strong", 3, null, null);

    assertEquals("events", config.getString(JournalPlugins.journalOf(spec) + ".table"));
  }

  @Test
  void applicationSettingOfGeneratedPluginWins() {
    NamespaceSpec spec = spec("strong", 3, null, null);
    Config config = nodeConfig(ConfigFactory.parseString(JournalPlugins.journalOf(spec) + ".keyspace = custom"));

    assertEquals("custom", config.getString(JournalPlugins.journalOf(spec) + ".keyspace"));
    assertEquals(3, config.getInt(JournalPlugins.journalOf(spec) + ".replication-factor"));
  }

  /**
   * Prints the cost of the generated blocks to the test output. The numbers are informational, not a limit.
   * The first call of each kind also parses the reference.conf files of its class loader.
   */
  @Test
  void withDefaultsTimingIsPrinted() {
    long start = System.nanoTime();
    Config without = CohortConfig.withDefaults(ConfigFactory.empty());
    long firstWithoutNanos = System.nanoTime() - start;
    start = System.nanoTime();
    Config with = nodeConfig(ConfigFactory.empty());
    long firstWithNanos = System.nanoTime() - start;
    assertFalse(without.hasPath(JournalPlugins.ROOT), "core's own classpath has no Cassandra plugin");
    int generated = with.getConfig(JournalPlugins.ROOT).root().size();
    assertTrue(generated > 0);

    long[] withoutNanos = timeRuns(() -> CohortConfig.withDefaults(ConfigFactory.empty()));
    long[] withNanos = timeRuns(() -> nodeConfig(ConfigFactory.empty()));
    long[] generateNanos = timeRuns(JournalPlugins::generate);
    System.out.printf("CohortConfig.withDefaults(empty): first call without the plugin %.1f ms, with the plugin"
            + " and %d generated plugins %.1f ms; median of %d later calls without %.1f ms, with %.1f ms;"
            + " JournalPlugins.generate() alone %.1f ms%n",
        firstWithoutNanos / 1e6, generated, firstWithNanos / 1e6, withNanos.length, median(withoutNanos) / 1e6,
        median(withNanos) / 1e6, median(generateNanos) / 1e6);
  }

  private static long[] timeRuns(Supplier<Config> body) {
    long[] nanos = new long[7];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      body.get();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  // ---- with a stand-in template, without the plugin

  private static final Config STAND_IN_TEMPLATE = ConfigFactory.parseString("""
      pekko.persistence.cassandra {
        write-profile = plugin-profile
        read-profile = plugin-profile
        journal { class = stand-in.Journal, keyspace = pekko, replication-factor = 1, table = messages }
        snapshot { class = stand-in.Snapshot, keyspace = pekko_snapshot, replication-factor = 1 }
      }
      """);

  @Test
  void generatedBlocksNeedTemplate() {
    assertThrows(ConfigException.UnresolvedSubstitution.class, () -> JournalPlugins.generate().resolve());
  }

  @Test
  void generatedBlockCopiesStandInTemplate() {
    Config config = JournalPlugins.generate().withFallback(STAND_IN_TEMPLATE).resolve();
    Config plugin = config.getConfig("cohort.journals.eventual-rf2-wone-rquorum");

    assertEquals("stand-in.Journal", plugin.getString("journal.class"));
    assertEquals("messages", plugin.getString("journal.table"));
    assertEquals("cohort_eventual_rf2", plugin.getString("journal.keyspace"));
    assertEquals(2, plugin.getInt("journal.replication-factor"));
    assertEquals("cohort-one", plugin.getString("write-profile"));
    assertEquals("cohort-quorum", plugin.getString("read-profile"));
    assertEquals("pekko", config.getString("pekko.persistence.cassandra.journal.keyspace"),
        "the template keeps its own keyspace");
  }

  @Test
  void generatedBlockNamesMatchPathOf() {
    Config config = JournalPlugins.generate().withFallback(STAND_IN_TEMPLATE).resolve();
    List<String> missing = new ArrayList<>();
    for (NamespaceSpec sample : List.of(spec("semi-sync", 3, null, null), spec("strong", 4, "TWO", "THREE"))) {
      if (!config.hasPath(JournalPlugins.journalOf(sample) + ".class")) {
        missing.add(JournalPlugins.pathOf(sample));
      }
    }
    assertEquals(List.of(), missing);
  }
}
